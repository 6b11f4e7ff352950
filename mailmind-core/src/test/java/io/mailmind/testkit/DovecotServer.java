package io.mailmind.testkit;

import jakarta.mail.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A private Dovecot IMAP server for tests: its own configuration, sockets, state, log and Maildir under
 * {@code <mailmind.buildDir>/dovecot/<instance>} (a temporary directory when that property is unset), listening only on
 * 127.0.0.1 on a free high port, with one passwd-file user, SPECIAL-USE folders Sent, Drafts, Archive, Trash and
 * Junk, and Dovecot's default capabilities (IDLE, CONDSTORE, QRESYNC, MOVE, UIDPLUS, ...). The system Dovecot and
 * /etc/dovecot are never used.
 *
 * <pre>{@code
 * try (DovecotServer dovecot = DovecotServer.startOrSkip()) {
 *   long uid = dovecot.append("INBOX", rfc822Bytes, "\\Seen");
 *   ... connect to dovecot.host():dovecot.port() as dovecot.user() / dovecot.password() ...
 * }
 * }</pre>
 *
 * <p>Dovecot refuses to serve mail as root. Run as root (CI), the master runs as root and the mail processes as the
 * unprivileged system user {@code mailmind-test} (created with useradd when missing), which owns the Maildir.
 * Run as another user (a developer's machine), every Dovecot process runs as that user.
 *
 * <p>{@link #stop()}, {@link #kill()} and {@link #close()} end only this instance's processes (its master and the
 * processes whose title names its instance), never another Dovecot; a JVM shutdown hook ends instances that were
 * not closed, and the next JVM ends those of a JVM that died before it could (its directories are removed then).
 * The directory of a closed instance stays until then, log included, for post-mortems. A socket directory in
 * {@code /tmp/mm-dovecot-run-<instance>} (used when the instance directory is too deep for socket paths) is removed
 * by {@link #close()}, at JVM exit, or by the next JVM.
 *
 * <p>The mailbox helpers ({@link #append}, {@link #createFolder}, {@link #setFlags}, ...) act as a user would,
 * through Jakarta Mail on a connection of their own per call. Folder names are decoded names with {@code /} as the
 * separator whatever {@link Builder#separator(char)} is.
 *
 * <p>Thread-safe: lifecycle methods are synchronized; helpers may run concurrently while the server runs.
 */
public final class DovecotServer implements AutoCloseable {
  /** The Dovecot binary: {@code -Dmailmind.dovecot=/path} or {@code /usr/sbin/dovecot}. */
  public static final Path BINARY = Path.of(System.getProperty("mailmind.dovecot", "/usr/sbin/dovecot"));
  /** The unprivileged user mail processes run as when the tests run as root. */
  public static final String MAIL_USER = DovecotSetup.MAIL_USER;
  private static final String HOST = "127.0.0.1";
  private static volatile List<String> defaultCapabilities;
  private static volatile String version;

  private final DovecotConfig config;
  private final String user;
  private final String password;
  private final MailboxOperations mailbox;
  private volatile Process master;

  private DovecotServer(DovecotConfig config, String user, String password) {
    this.config = config;
    this.user = user;
    this.password = password;
    this.mailbox = new MailboxOperations(HOST, config.port(), user, password, config.separator());
  }

  /** True when the Dovecot binary is installed (see {@link #BINARY}). */
  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** The output of {@code dovecot --version} (for example {@code 2.3.19.1 (9b53102964)}), or empty when absent. */
  public static String version() {
    String known = version;
    if (known == null) {
      known = installed() ? DovecotProcesses.tryRun(BINARY.toString(), "--version").orElse("") : "";
      version = known;
    }
    return known;
  }

  /** True for the versions whose configuration syntax this harness writes (2.2 and 2.3; 2.4 changed it). */
  static boolean supportedVersion(String version) {
    return version.startsWith("2.2.") || version.startsWith("2.3.");
  }

  /** Starts a server with the defaults. */
  public static DovecotServer start() {
    return builder().start();
  }

  /**
   * Starts a server with the defaults, or skips the calling test (fails it under
   * {@code -Dmailmind.requireServers=true}) when Dovecot is not installed. Call it from a test or a
   * {@code @BeforeAll}/{@code @BeforeEach} method.
   */
  public static DovecotServer startOrSkip() {
    return builder().startOrSkip();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** The plain IMAP port. */
  public int port() {
    return config.port();
  }

  /** The IMAPS port, or -1 without {@link Builder#imaps()}. */
  public int imapsPort() {
    return config.imapsPort() > 0 ? config.imapsPort() : -1;
  }

  /** The self-signed certificate (PEM, CN=localhost) of the IMAPS listener; null without {@link Builder#imaps()}. */
  public Path certificate() {
    return config.imapsPort() > 0 ? config.certificate() : null;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** The server's hierarchy separator. */
  public char separator() {
    return config.separator();
  }

  /** The instance directory (configuration, users file, mail, state, log). */
  public Path directory() {
    return config.dir();
  }

  /** The instance name, which Dovecot puts in its process titles ({@code dovecot-<instance>/imap}). */
  String instance() {
    return config.instance();
  }

  /** The Dovecot log file. */
  public Path logFile() {
    return config.logFile();
  }

  /** Properties for a Jakarta Mail session on the plain port ({@code mail.imap.host}, port, timeouts). */
  public Properties sessionProperties() {
    return MailboxOperations.sessionProperties(HOST, config.port());
  }

  /** A new connected IMAP store, logged in as {@link #user()}; the caller closes it. */
  public Store openStore() {
    return mailbox.connect();
  }

  /** The post-login CAPABILITY list, exactly as the server sends it. */
  public List<String> capabilities() {
    return capabilities(config.port(), user, password);
  }

  private static List<String> capabilities(int port, String user, String password) {
    try (RawImap imap = new RawImap(HOST, port, 10_000)) {
      return imap.capabilitiesAfterLogin(user, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the capabilities on " + HOST + ":" + port, e);
    }
  }

  public synchronized boolean isRunning() {
    return master != null && master.isAlive();
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  /**
   * Stops the server gracefully (SIGTERM: clients get BYE, indexes are written; about a second), then ends any
   * process it left. Idempotent.
   */
  public synchronized void stop() {
    if (master == null) return;
    List<ProcessHandle> before = processes();
    master.destroy();
    try {
      if (!master.waitFor(10, TimeUnit.SECONDS)) master.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      master.destroyForcibly();
    }
    before.addAll(processes());
    finish(before);
  }

  /**
   * Ends the server abruptly, as a crash would: SIGKILL to the master first (so it starts nothing new), then to
   * every process of the instance. Clients see their connections drop. {@link #restart()} brings it back.
   */
  public synchronized void kill() {
    if (master == null) return;
    List<ProcessHandle> before = processes();
    master.destroyForcibly();
    before.addAll(processes());
    finish(before);
  }

  /** Stops the server if it runs, then starts it again on the same port with the same mail (and UIDVALIDITYs). */
  public synchronized void restart() {
    stop();
    launch();
  }

  /**
   * Ends the server at once ({@link #kill()}: the graceful {@link #stop()} costs Dovecot a second, and nothing of
   * a server being closed needs to be saved). Idempotent.
   */
  @Override
  public void close() {
    try {
      kill();
    } finally {
      DovecotInstances.release(config);
    }
  }

  private void finish(List<ProcessHandle> processes) {
    DovecotProcesses.killAll(processes);
    master = null;
    DovecotInstances.unregister(this);
    List<ProcessHandle> left = processes().stream().filter(DovecotProcesses::alive).toList();
    if (!left.isEmpty()) {
      throw new IllegalStateException("Dovecot " + config.instance() + " left processes behind: " + left);
    }
  }

  private List<ProcessHandle> processes() {
    return new ArrayList<>(DovecotProcesses.instanceProcesses(config.instance(), config.configFile(),
        master == null ? null : master.toHandle()));
  }

  /**
   * Called by the shutdown hook, without the lock (a test thread may hold it): SIGKILL, as {@link #kill()}. The hook
   * then removes the socket directories in /tmp.
   */
  void shutdownNow() {
    Process process = master;
    if (process != null) process.destroyForcibly();
    DovecotProcesses.killAll(DovecotProcesses.instanceProcesses(config.instance(), config.configFile(),
        process == null ? null : process.toHandle()));
  }

  private void launch() {
    Path pidFile = config.runDir().resolve("master.pid");
    try {
      Files.deleteIfExists(pidFile); // ours, and its master is gone: a stale pid could make Dovecot refuse to start
      ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "-F", "-c", config.configFile().toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(config.dir().resolve("dovecot.out").toFile()));
      master = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + BINARY, e);
    }
    DovecotInstances.register(this);
    try {
      awaitGreeting();
    } catch (RuntimeException e) {
      try {
        kill();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void awaitGreeting() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException("Dovecot " + config.instance() + " exited with status "
            + master.exitValue() + " before answering on " + HOST + ":" + config.port() + "\n" + diagnostics());
      }
      try (RawImap imap = new RawImap(HOST, config.port(), 2000)) {
        if (imap.greeting().startsWith("* OK") && imap.greeting().contains(config.greeting())) return;
        last = "unexpected greeting: " + imap.greeting();
      } catch (IOException e) {
        last = e.toString();
      }
      sleep(50);
    }
    throw new IllegalStateException("Dovecot " + config.instance() + " did not answer on " + HOST + ":"
        + config.port() + " within 30 s (" + last + ")\n" + diagnostics());
  }

  private String diagnostics() {
    return "--- " + config.logFile() + "\n" + DovecotProcesses.tail(config.logFile(), 20)
        + "\n--- " + config.dir().resolve("dovecot.out") + "\n"
        + DovecotProcesses.tail(config.dir().resolve("dovecot.out"), 20);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /**
   * Appends a message, byte for byte, as a mail client would.
   *
   * @param folder decoded folder name ({@code INBOX}, {@code Sent}, {@code Work/Projects}, {@code Entwürfe})
   * @param flags  system flags ({@code \Seen}, {@code \Answered}, {@code \Flagged}, {@code \Deleted},
   *               {@code \Draft}) and keywords ({@code $Forwarded}, ...)
   * @return the new message's UID
   */
  public long append(String folder, byte[] rfc822, String... flags) {
    return mailbox.append(folder, rfc822, null, flags);
  }

  /** {@link #append(String, byte[], String...)} with an INTERNALDATE. */
  public long append(String folder, byte[] rfc822, Instant internalDate, String... flags) {
    return mailbox.append(folder, rfc822, internalDate, flags);
  }

  /** Creates a folder (and the missing parents). */
  public void createFolder(String name) {
    mailbox.createFolder(name);
  }

  /** Deletes a folder, its messages and its subfolders. */
  public void deleteFolder(String name) {
    mailbox.deleteFolder(name);
  }

  public void renameFolder(String from, String to) {
    mailbox.renameFolder(from, to);
  }

  /** Sets ({@code set}) or clears flags of one message. */
  public void setFlags(String folder, long uid, boolean set, String... flags) {
    mailbox.setFlags(folder, uid, set, flags);
  }

  /** Marks the messages \Deleted and expunges exactly them (UID EXPUNGE). */
  public void expunge(String folder, long... uids) {
    mailbox.expunge(folder, uids);
  }

  /** Moves one message (MOVE); returns its UID in the target folder, or -1 when the server did not say. */
  public long move(String from, long uid, String to) {
    return mailbox.move(from, uid, to);
  }

  /** The folder's UIDVALIDITY (STATUS). */
  public long uidValidity(String folder) {
    return mailbox.uidValidity(folder);
  }

  /** The UIDs in the folder, ascending. */
  public List<Long> uids(String folder) {
    return mailbox.uids(folder);
  }

  /** Every folder's decoded name, {@code /}-separated, as LIST "*" returns them. */
  public List<String> folders() {
    return mailbox.folders();
  }

  /**
   * Forces a UIDVALIDITY change the way a user can: deletes the folder and creates it again, empty (for INBOX,
   * which cannot be deleted, use {@link #resetUidValidity}).
   *
   * @return the new UIDVALIDITY
   */
  public long recreateFolder(String name) {
    long before = uidValidity(name);
    deleteFolder(name);
    createFolder(name);
    long after = uidValidity(name);
    if (after == before) throw new IllegalStateException("UIDVALIDITY of " + name + " did not change: " + after);
    return after;
  }

  /**
   * Forces a UIDVALIDITY change that keeps the messages, as a server migration or a lost index does: stops the
   * server, removes the folder's UID list and indexes (and the mailbox list index), and starts it again. Every
   * message gets a new UID. Works for INBOX too.
   *
   * @return the new UIDVALIDITY
   */
  public synchronized long resetUidValidity(String folder) {
    long before = uidValidity(folder);
    Path maildir = DovecotSetup.maildir(config, user, folder);
    if (!Files.isDirectory(maildir)) throw new IllegalArgumentException("no Maildir for folder '" + folder + "'");
    stop();
    DovecotSetup.deleteIndexes(maildir);
    DovecotSetup.deleteIndexes(config.mailRoot().resolve(user));
    launch();
    long after = uidValidity(folder);
    if (after == before) throw new IllegalStateException("UIDVALIDITY of " + folder + " did not change: " + after);
    return after;
  }

  @Override
  public String toString() {
    return "DovecotServer[" + config.instance() + " on " + HOST + ":" + config.port() + ", user " + user + "]";
  }

  // ---------------------------------------------------------------------------------------------- builder

  /** Options of a server. Not thread-safe. */
  public static final class Builder {
    private String user = "test";
    private String password = "mailmind-test-password";
    private char separator = '/';
    private boolean layoutFs;
    private boolean imaps;
    private final Set<String> withoutCapabilities = new LinkedHashSet<>();
    private final List<String> configLines = new ArrayList<>();

    private Builder() {}

    /** The login name (default {@code test}). */
    public Builder user(String user) {
      this.user = passwdField(user, "user");
      return this;
    }

    /** The password (default {@code mailmind-test-password}). */
    public Builder password(String password) {
      this.password = passwdField(password, "password");
      return this;
    }

    /**
     * The hierarchy separator: {@code /} (default) or {@code .} (Dovecot's Maildir++ default, as many
     * installations have it).
     */
    public Builder separator(char separator) {
      if (separator != '/' && separator != '.') {
        throw new IllegalArgumentException("separator was '" + separator + "' but it must be '/' or '.'");
      }
      this.separator = separator;
      return this;
    }

    /**
     * Maildir with LAYOUT=fs (a directory per folder) instead of Maildir++, which allows {@code .} in folder names
     * when the separator is {@code /}.
     */
    public Builder layoutFs() {
      this.layoutFs = true;
      return this;
    }

    /** Also listen for IMAPS, with a self-signed certificate made by openssl (see {@link #certificate()}). */
    public Builder imaps() {
      this.imaps = true;
      return this;
    }

    /**
     * Hides capabilities (for example {@code CONDSTORE}, {@code QRESYNC}, {@code IDLE}, {@code MOVE}): the server
     * advertises Dovecot's default list without them (imap_capability). Dovecot still accepts the commands; a
     * client that follows the capabilities does not send them.
     */
    public Builder withoutCapabilities(String... capabilities) {
      for (String capability : capabilities) {
        withoutCapabilities.add(capability.toUpperCase(Locale.ROOT));
      }
      return this;
    }

    /** Lines appended to dovecot.conf as they are (later settings win). */
    public Builder configLines(String... lines) {
      configLines.addAll(Arrays.asList(lines));
      return this;
    }

    /** {@link #start()}, or skips the calling test (fails it when servers are required) without Dovecot. */
    public DovecotServer startOrSkip() {
      ExternalServers.assume(installed(), "Dovecot",
          BINARY + " not found; install it with .ci/dovecot-install.sh (apt-get install dovecot-imapd)");
      String version = version();
      ExternalServers.assume(supportedVersion(version), "Dovecot 2.2 or 2.3",
          BINARY + " is version '" + version + "', whose configuration syntax this harness does not write");
      return start();
    }

    /** Starts the server and waits until it answers. */
    public DovecotServer start() {
      if (!installed()) {
        throw new IllegalStateException(BINARY + " not found; install dovecot-imapd (.ci/dovecot-install.sh)");
      }
      DovecotInstances.cleanUpAfterDeadJvms();
      String capability = null;
      if (!withoutCapabilities.isEmpty()) {
        List<String> kept = new ArrayList<>(defaultCapabilities(user, password));
        kept.removeIf(c -> withoutCapabilities.contains(c.toUpperCase(Locale.ROOT)));
        capability = String.join(" ", kept);
      }
      IllegalStateException failure = null;
      for (int tries = 0; tries < 3; tries++) {
        DovecotServer server = new DovecotServer(DovecotSetup.create(user, password, separator, layoutFs, imaps,
            capability, configLines), user, password);
        try {
          server.launch();
          return server;
        } catch (RuntimeException e) {
          DovecotInstances.release(server.config); // launch() has ended its processes
          // the free port may have been taken between the probe and the bind: try another
          if (!(e instanceof IllegalStateException busy) || !String.valueOf(e.getMessage()).contains("in use")) {
            throw e;
          }
          if (failure == null) failure = busy; else failure.addSuppressed(busy);
        }
      }
      throw failure;
    }

    private static List<String> defaultCapabilities(String user, String password) {
      List<String> known = DovecotServer.defaultCapabilities;
      if (known == null) {
        try (DovecotServer probe = new Builder().user(user).password(password).start()) {
          known = List.copyOf(probe.capabilities());
        }
        DovecotServer.defaultCapabilities = known;
      }
      return known;
    }

    private static final Pattern SAFE_PASSWD = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]+");

    private static String passwdField(String value, String what) {
      if (value == null || value.isEmpty() || !SAFE_PASSWD.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be non-empty printable ASCII without ':' or spaces");
      }
      return value;
    }
  }
}
