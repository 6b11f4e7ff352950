package io.mailmind.core.internal.idle;

import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.engine.Engine;
import io.mailmind.core.internal.engine.EngineConfig;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.internal.sync.NewMailWork;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.Sleeper;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.testkit.InMemoryMailStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Measures what following accounts costs: starts GreenMail with N users in a child JVM, follows all N accounts with
 * the supervisor (production timings), and prints platform threads, heap after GC, open file descriptors and RSS
 * before and once every account is in IDLE, with the cost per account. Not a test: run it by hand (see
 * docs/idle-scale.md).
 *
 * <p>Arguments: {@code N} (default 200) and the mode: {@code idle} (the IDLE connections alone: the new-mail unit
 * is a no-op) or {@code full} (the real new-mail unit catches up each account on the engine's executor, which
 * leaves its pooled connection open).
 */
public final class IdleScaleBenchmark {
  private IdleScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    boolean full = args.length > 1 && args[1].equals("full");
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xss256k", "-cp", System.getProperty("java.class.path"), GreenMailServerMain.class.getName(),
        Integer.toString(n)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      int port = awaitReady(server);
      List<ImapAccount> accounts = new ArrayList<>();
      for (int i = 0; i < n; i++) accounts.add(IdleHarness.account("user" + i + "@bench", "127.0.0.1", port, "user" + i));
      SyncOptions sync = SyncOptions.defaults();
      EngineConfig config = new EngineConfig(new InMemoryMailStore(), () -> accounts,
          account -> Credentials.password("secret"), List.of(), TaskExecutor.defaultExecutor(4), true, sync,
          IdleOptions.defaults(), Clock.systemUTC(), Sleeper.system(), AccountOwnership.all());
      Engine engine = new Engine(config);
      NewMailWork unit = full
          ? (accountId, folder) -> config.executor().submit(new MailTask.ProcessNewMail(accountId, folder),
              engine.taskHandler())
          : (accountId, folder) -> CompletableFuture.completedFuture(null);
      IdleSupervisor supervisor = new IdleSupervisor(context(config, config.accounts(), unit),
          IdleSettings.of(config.idleOptions(), sync), Sleeper.system());
      // Warm up the classes of the whole path with one account, so that class loading is not counted per account.
      Figures before = warmedUp(config, unit, accounts.get(0));
      long started = System.nanoTime();
      supervisor.start();
      while (supervisor.followedAccounts().size() < n
          || !supervisor.followedAccounts().stream().allMatch(followed -> followed.state() == State.IDLING)) {
        Thread.sleep(50);
      }
      int sockets = 0;
      for (ImapAccount account : accounts) sockets += supervisor.watcher(account.id()).openSockets();
      Thread.sleep(1000); // let the last IDLE commands start
      long seconds = (System.nanoTime() - started) / 1_000_000;
      Figures after = Figures.now();
      print(n, full, before, after, sockets, seconds);
      supervisor.close();
      engine.close();
    } finally {
      server.getOutputStream().close();
      server.destroy();
    }
  }

  private static IdleContext context(EngineConfig config, io.mailmind.core.spi.AccountSource accounts,
      NewMailWork unit) {
    return new IdleContext(accounts, config.credentials(), config.syncOptions(), new Listeners(config.listeners()),
        // 16 set-ups at once, as when the figures of docs/idle-scale.md were measured: every account is on one host.
        unit, config.clock(), accountId -> true, new io.mailmind.core.internal.imap.ConnectLimiter(16, 16));
  }

  private static Figures warmedUp(EngineConfig config, NewMailWork unit, ImapAccount account) throws Exception {
    IdleSupervisor warmUp = new IdleSupervisor(context(config, () -> List.of(account), unit),
        IdleSettings.of(config.idleOptions(), config.syncOptions()), Sleeper.system());
    warmUp.start();
    while (warmUp.followedAccounts().stream().noneMatch(followed -> followed.state() == State.IDLING)) {
      Thread.sleep(20);
    }
    Thread.sleep(500);
    warmUp.close();
    Thread.sleep(500);
    return Figures.now();
  }

  private static int awaitReady(Process server) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY ")) return Integer.parseInt(line.substring(6).trim());
    }
    throw new IllegalStateException("GreenMail did not start");
  }

  private static void print(int n, boolean full, Figures before, Figures after, int sockets, long millis) {
    System.out.printf(Locale.ROOT, "JDK %s, %s, mode %s, %d accounts in IDLE after %d ms%n",
        Runtime.version(), IdleThreads.describe(), full ? "full (real new-mail unit)" : "idle (no-op new-mail unit)",
        n, millis);
    System.out.printf(Locale.ROOT, "%-22s %12s %12s %14s%n", "", "before", "after", "per account");
    row("platform threads", before.threads, after.threads, n, "%.2f");
    row("heap used (KiB)", before.heapKiB, after.heapKiB, n, "%.1f");
    row("file descriptors", before.fds, after.fds, n, "%.2f");
    row("RSS (KiB)", before.rssKiB, after.rssKiB, n, "%.1f");
    System.out.printf(Locale.ROOT, "IDLE sockets open: %d (%.2f per account); virtual threads: %s%n", sockets,
        sockets / (double) n, TaskExecutor.virtualThreads("mailmind-idle").isPresent());
  }

  private static void row(String name, long before, long after, int n, String format) {
    System.out.printf(Locale.ROOT, "%-22s %12d %12d %14s%n", name, before, after,
        String.format(Locale.ROOT, format, (after - before) / (double) n));
  }

  /** One measurement of this JVM. */
  private record Figures(long threads, long heapKiB, long fds, long rssKiB) {
    static Figures now() throws Exception {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200);
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
      long threads = ManagementFactory.getThreadMXBean().getThreadCount();
      String[] fds = new File("/proc/self/fd").list();
      long rss = -1;
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
      return new Figures(threads, heap, fds == null ? -1 : fds.length, rss);
    }
  }
}
