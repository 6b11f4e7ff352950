package io.mailmind.examples.cli;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Security;
import io.mailmind.jdbc.JdbcAccounts;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The figures of the README's cluster section, not a test (Surefire does not pick it up; run it with
 * {@code ./mvnw -pl mailmind-examples test -Dtest=ClusterFailoverBenchmark -Dcluster.accounts=1000}): N accounts
 * over three {@code node} JVMs on a PostgreSQL database of its own, GreenMail behind the IDLE-counting relay.
 * Prints the time until every account is followed, the database's transactions per second at rest per node
 * ({@code pg_stat_database.xact_commit}), and the failover time after {@code kill -9} of the busiest node
 * (until every orphaned account has its IDLE connection again on another node).
 */
class ClusterFailoverBenchmark {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final byte[] KEY = new byte[32];

  @Test
  void measure() throws Exception {
    int accounts = Integer.getInteger("cluster.accounts", 1000);
    String database = "mm_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    Path temp = Files.createTempDirectory("mm-cluster-bench");
    GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    greenMail.start();
    List<Node> nodes = new ArrayList<>();
    try (ImapSessionCounter counter = new ImapSessionCounter(greenMail.getImap().getPort())) {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setUrl(SERVER + database);
      dataSource.setUser("postgres");
      JdbcAccounts stored = JdbcAccounts.builder(dataSource).currentKey(KEY).build();
      Session session = Session.getInstance(new java.util.Properties());
      for (int i = 0; i < accounts; i++) {
        String user = "u" + i;
        GreenMailUser mailbox = greenMail.setUser(user + "@example.org", user, "pw");
        greenMail.getManagers().getImapHostManager().getInbox(mailbox).appendMessage(new MimeMessage(session,
            new ByteArrayInputStream(("Subject: hello " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII))),
            new Flags(), new Date());
        stored.add(ImapAccount.builder().id(user).host("127.0.0.1").port(counter.port()).security(Security.PLAIN)
            .username(user).build(), Credentials.password("pw"));
      }
      List<String> db = List.of("--db", SERVER + database, "--db-user", "postgres");
      long started = System.nanoTime();
      for (String id : List.of("b1", "b2", "b3")) nodes.add(Node.start(id, db, KEY, temp));
      await(600, () -> counter.idleConnections().size() == accounts);
      System.err.printf("cluster bench: %d accounts over 3 nodes, all in IDLE after %.1f s%n", accounts, secs(started));

      Thread.sleep(15_000); // at rest
      long before = commits(database);
      long at = System.nanoTime();
      Thread.sleep(30_000);
      double perSecond = (commits(database) - before) / secs(at);
      System.err.printf("cluster bench: at rest %.1f transactions/s on the database, %.1f per node%n", perSecond,
          perSecond / 3);

      Node busiest = nodes.stream().max(Comparator.comparingInt(n -> n.following().size())).orElseThrow();
      Set<String> orphaned = new TreeSet<>(busiest.following());
      long killed = System.nanoTime();
      busiest.process.destroyForcibly();
      List<Node> survivors = nodes.stream().filter(n -> n != busiest).toList();
      await(120, () -> {
        Set<String> followed = new TreeSet<>();
        survivors.forEach(n -> followed.addAll(n.following()));
        Map<String, Integer> idle = counter.idleConnections();
        return followed.containsAll(orphaned) && orphaned.stream().allMatch(a -> idle.getOrDefault(a, 0) == 1);
      });
      System.err.printf("cluster bench: kill -9 of the node with %d accounts: all followed again after %.1f s%n",
          orphaned.size(), secs(killed));
    } finally {
      nodes.forEach(n -> n.process.destroyForcibly());
      greenMail.stop();
      try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", ""); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  private static long commits(String database) throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", ""); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = '" + database + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double secs(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void await(int seconds, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + seconds + " s");
      Thread.sleep(100);
    }
  }
}
