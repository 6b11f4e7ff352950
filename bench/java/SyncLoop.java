import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.SyncReport;
import io.mailmind.jdbc.JdbcMailStore;
import io.mailmind.jdbc.SqliteDataSources;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Syncs one account several times in one JVM, as a host application that keeps Mailmind running does, and prints
 * one JSON line per sync with its phases: {@code full} syncs go into a fresh H2 database each (the later ones show
 * the engine warm, without JIT warm-up), {@code again} syncs repeat into the last one (no-change resyncs on a warm
 * engine: what a periodic sync costs).
 *
 * <p>java -Xmx256m -cp mailmind.jar bench/java/SyncLoop.java PORT USER DBDIR FULL AGAIN [H2_URL] (password in
 * MAILMIND_BENCH_PASSWORD); with FULL 0 and an H2 URL, the again syncs go into that existing database. Full syncs
 * keep attachments in a directory beside each database, as the command line does for an embedded file;
 * {@code -Dattachments=db} keeps them in the database; {@code -Dstore=sqlite} makes the full syncs' databases SQLite
 * files (the command line's default store) instead of H2 files. Each line also gives {@code jit_s}, the time the JIT compilers
 * spent during that sync (elapsed time summed over the compiler threads, as the JVM counts it). A full sync's
 * database is deleted when the next one starts, so that the disk and the page cache hold one mirror at a time, as
 * in the command line's cases.
 */
public final class SyncLoop {
  /** {@code -Dstore=sqlite}: the full syncs go into fresh SQLite files instead, the command line's default store. */
  private static final boolean SQLITE = "sqlite".equals(System.getProperty("store"));
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String user = args[1];
    String dbDir = args[2];
    int full = Integer.parseInt(args[3]);
    int again = Integer.parseInt(args[4]);
    String existing = args.length > 5 ? args[5] : null;
    String password = System.getenv("MAILMIND_BENCH_PASSWORD");
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    ImapAccount account = ImapAccount.builder().host("127.0.0.1").port(port).security(Security.PLAIN).username(user)
        .build();
    List<JdbcConnectionPool> pools = new ArrayList<>();
    JdbcMailStore store = null;
    Mailmind mailmind = null;
    try {
      for (int i = 0; i < full + again; i++) {
        if (i < full || (i == 0 && existing != null)) {
          if (mailmind != null) mailmind.close();
          if (store != null) store.close();
          for (JdbcConnectionPool open : pools) open.dispose(); // one database open at a time
          pools.clear();
          if (i > 0 && i < full) deleteFullSync(dbDir, i - 1);
          JdbcMailStore.Builder builder;
          if (i < full && SQLITE) {
            builder = JdbcMailStore.builder(SqliteDataSources.forFile(java.nio.file.Path.of(dbDir, "loop" + i + ".db")));
          } else {
            // the statement cache that JdbcMailStore's documentation asks of a host embedding H2
            String url = i < full ? "jdbc:h2:file:" + dbDir + "/loop" + i + ";QUERY_CACHE_SIZE=128" : existing;
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, "", "");
            pool.setMaxConnections(8);
            pools.add(pool);
            builder = JdbcMailStore.builder(pool);
          }
          if (i < full && !"db".equals(System.getProperty("attachments"))) {
            // as the command line keeps them for an embedded file: a directory beside it (-Dattachments=db: inside)
            builder.attachmentsInDirectory(java.nio.file.Path.of(dbDir, "loop" + i + ".attachments"));
          }
          store = builder.build();
          mailmind = Mailmind.builder().store(store).accounts(account)
              .credentials(acct -> Credentials.password(password)).idleOptions(IdleOptions.disabled()).build();
        }
        long t0 = System.nanoTime();
        long c0 = OS.getProcessCpuTime();
        long j0 = jit.getTotalCompilationTime();
        SyncReport report = mailmind.sync(account);
        long wall = System.nanoTime() - t0;
        long cpu = OS.getProcessCpuTime() - c0;
        long jitMs = jit.getTotalCompilationTime() - j0;
        System.out.printf("{\"run\":%d,\"kind\":\"%s\",\"messages_new\":%d,\"messages_total\":%d,\"errors\":%d,"
                + "\"seconds\":%.4f,\"wall_s\":%.4f,\"process_cpu_s\":%.2f,\"jit_s\":%.2f,\"phases\":{\"metadata_s\":%.3f,\"content_s\":%.3f,\"markdown_s\":%.3f}}%n",
            i + 1, i < full ? "full" : "again", report.messagesNew(), report.messagesTotal(), report.errors(),
            report.elapsed().toNanos() / 1e9, wall / 1e9, cpu / 1e9, jitMs / 1e3, report.metadataDone().toNanos() / 1e9,
            report.contentDone().toNanos() / 1e9, report.markdownDone().toNanos() / 1e9);
        System.out.flush();
      }
    } finally {
      if (mailmind != null) mailmind.close();
      if (store != null) store.close();
      for (JdbcConnectionPool pool : pools) pool.dispose();
    }
  }

  /** Deletes the database of full sync {@code i} (its H2 files and attachment directory). */
  private static void deleteFullSync(String dbDir, int i) throws java.io.IOException {
    for (String suffix : List.of(".mv.db", ".trace.db", ".db", ".db-wal", ".db-shm", ".attachments")) {
      java.nio.file.Path path = java.nio.file.Path.of(dbDir, "loop" + i + suffix);
      if (!java.nio.file.Files.exists(path)) continue;
      try (var walk = java.nio.file.Files.walk(path)) {
        for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(p);
        }
      }
    }
  }
}
