package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Security;
import io.mailmind.jdbc.JdbcAccounts;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster from outside, as the CLI contract describes it: real {@code mailmind node} JVMs on one database,
 * GreenMail with 24 users behind a relay that counts each user's IDLE connections, and a sampler that fails the
 * test if any user ever has two. Three nodes start; one is killed with SIGKILL while mail arrives for its
 * accounts; one is stopped with SIGTERM; a fourth joins; an account is disabled. Timings are printed (they are
 * figures for the README), and checked only against the contract's limits.
 */
abstract class ClusterNodesTest {
  private static final int USERS = 24;
  private static final String PASSWORD = "secret-pw";
  private static final byte[] KEY = new byte[32];
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    for (int i = 0; i < KEY.length; i++) KEY[i] = (byte) (i * 7 + 3);
  }

  @TempDir
  Path temp;
  private GreenMail greenMail;
  private ImapSessionCounter counter;
  private final List<Node> nodes = new ArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private volatile boolean sampling = true;
  private Thread sampler;

  /** Creates a fresh, empty database or schema for this test (skipping when the server is absent). */
  abstract void freshDatabase() throws SQLException;

  /** The {@code --db ...} options of the fresh database. */
  abstract List<String> dbOptions();

  abstract DataSource dataSource();

  @BeforeEach
  void setUp() throws Exception {
    freshDatabase();
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    greenMail.start();
    counter = new ImapSessionCounter(greenMail.getImap().getPort());
    JdbcAccounts accounts = JdbcAccounts.builder(dataSource()).currentKey(KEY).build();
    for (int i = 0; i < USERS; i++) {
      GreenMailUser user = greenMail.setUser(user(i) + "@example.org", user(i), PASSWORD);
      greenMail.getManagers().getImapHostManager().getInbox(user).appendMessage(message(i, "before the cluster"),
          new Flags(), new Date());
      if (i > 0) { // the first is added through the command line below
        accounts.add(ImapAccount.builder().id(user(i)).host("127.0.0.1").port(counter.port()).security(Security.PLAIN)
            .username(user(i)).build(), Credentials.password(PASSWORD));
      }
    }
    Files.writeString(temp.resolve("pw"), PASSWORD);
    List<String> add = new ArrayList<>(List.of("accounts", "add", "--host", "127.0.0.1", "--port",
        String.valueOf(counter.port()), "--security", "plain", "--user", user(0), "--password-file",
        temp.resolve("pw").toString(), "--account-id", user(0)));
    add.addAll(dbOptions());
    assertThat(cli(add)).isEqualTo("{\"account\":\"" + user(0) + "\",\"active\":true}");
    sampler = new Thread(this::sample, "idle-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    sampling = false;
    if (sampler != null) sampler.join();
    for (Node node : nodes) node.process.destroyForcibly();
    if (counter != null) counter.close();
    if (greenMail != null) greenMail.stop();
  }

  @Test
  @DisplayName("nodes share the accounts, take over a killed node's and a stopped node's, welcome a joiner, drop a "
      + "disabled account, and never follow an account twice")
  void cluster() throws Exception {
    Node n1 = start("n1");
    Node n2 = start("n2");
    Node n3 = start("n3");
    long started = System.nanoTime();
    await(120, "every account followed with one IDLE connection", () -> allFollowed(List.of(n1, n2, n3)));
    report("three nodes: every account followed", started);
    await(60, "each of three nodes within 2 x ceil(24/3) = 16 and none empty", () -> balanced(List.of(n1, n2, n3)));
    assertOwnersListed(List.of(n1, n2, n3));

    Set<String> orphaned = n1.following();
    long killed = System.nanoTime();
    n1.process.destroyForcibly(); // SIGKILL
    Map<String, Long> delivered = new TreeMap<>();
    for (String account : orphaned) delivered.put(account, deliver(account, "while its node was dead"));
    await(30, "the killed node's accounts followed again, their mail stored and announced", () ->
        union(n2, n3).containsAll(orphaned) && idleOnce(orphaned) && announced(delivered, n2, n3));
    report("kill -9: orphaned accounts followed again, new mail announced", killed);

    Set<String> handed = n2.following();
    long terminated = System.nanoTime();
    n2.process.destroy(); // SIGTERM
    await(15, "the stopped node's accounts followed by the last node", () ->
        n3.following().containsAll(handed) && idleOnce(handed));
    report("SIGTERM: accounts handed over", terminated);
    assertThat(n2.process.waitFor(15, TimeUnit.SECONDS)).as("the stopped node exits within 15 s").isTrue();
    assertThat(n2.process.exitValue()).as(n2.stderrTail()).isZero();

    long joined = System.nanoTime();
    Node n4 = start("n4");
    await(60, "a joining node gets accounts; both within 2 x ceil(24/2)", () -> balanced(List.of(n3, n4)));
    report("join: the new node follows accounts", joined);

    String disabled = user(5);
    List<String> disable = new ArrayList<>(List.of("accounts", "disable", "--account-id", disabled));
    disable.addAll(dbOptions());
    cli(disable);
    long disabling = System.nanoTime();
    await(15, "a disabled account followed by no node", () -> !counter.idleConnections().containsKey(disabled)
        && !union(n3, n4).contains(disabled));
    report("disable: no node follows the account", disabling);

    for (Node node : List.of(n3, n4)) node.process.destroy();
    for (Node node : List.of(n3, n4)) {
      assertThat(node.process.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(node.process.exitValue()).as(node.stderrTail()).isZero();
    }
    sampling = false;
    sampler.join();
    assertThat(violations).as("moments when a user had two IDLE connections").isEmpty();
    assertThat(duplicateMessages()).as("messages stored twice").isZero();
    assertThat(storedMessages()).isEqualTo(USERS + delivered.size());
  }

  // ---- the nodes ----

  private Node start(String id) throws IOException {
    Node node = Node.start(id, dbOptions(), KEY, temp);
    nodes.add(node);
    return node;
  }


  // ---- checks ----

  private boolean allFollowed(List<Node> live) {
    Set<String> all = new TreeSet<>();
    for (Node node : live) all.addAll(node.following());
    return all.equals(allAccounts()) && idleOnce(allAccounts());
  }

  private boolean balanced(List<Node> live) {
    int bound = 2 * (int) Math.ceil((double) activeCount() / live.size());
    Set<String> all = new TreeSet<>();
    for (Node node : live) {
      Set<String> following = node.following();
      if (following.isEmpty() || following.size() > bound) return false;
      all.addAll(following);
    }
    return all.size() == activeCount();
  }

  private int activeCount() {
    return USERS;
  }

  private boolean idleOnce(Set<String> accounts) {
    Map<String, Integer> idle = counter.idleConnections();
    for (String account : accounts) {
      if (idle.getOrDefault(account, 0) != 1) return false;
    }
    return true;
  }

  private static Set<String> union(Node... live) {
    Set<String> all = new TreeSet<>();
    for (Node node : live) all.addAll(node.following());
    return all;
  }

  private static boolean announced(Map<String, Long> delivered, Node... live) {
    for (Map.Entry<String, Long> mail : delivered.entrySet()) {
      boolean seen = false;
      for (Node node : live) seen |= node.announcedNewMail(mail.getKey(), mail.getValue());
      if (!seen) return false;
    }
    return true;
  }

  private void assertOwnersListed(List<Node> live) throws Exception {
    List<String> list = new ArrayList<>(List.of("accounts", "list"));
    list.addAll(dbOptions());
    Map<String, String> owners = new TreeMap<>();
    for (String line : cli(list).split("\n")) {
      JsonNode account = JSON.readTree(line);
      owners.put(account.path("account").asText(), account.path("owner").asText(null));
    }
    for (Node node : live) {
      for (String account : node.following()) assertThat(owners.get(account)).as(account).isEqualTo(node.id);
    }
  }

  private void sample() {
    while (sampling) {
      counter.idleConnections().forEach((user, count) -> {
        if (count > 1) violations.add(user + " had " + count + " IDLE connections at " + java.time.Instant.now());
      });
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private int duplicateMessages() throws SQLException {
    return count("SELECT COUNT(*) FROM (SELECT account_pk, folder_pk, uid_validity, uid FROM mm_messages "
        + "GROUP BY account_pk, folder_pk, uid_validity, uid HAVING COUNT(*) > 1) d");
  }

  private int storedMessages() throws SQLException {
    return count("SELECT COUNT(*) FROM mm_messages");
  }

  private int count(String sql) throws SQLException {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  // ---- helpers ----

  private static String user(int i) {
    return "user" + i;
  }

  private static Set<String> allAccounts() {
    Set<String> all = new TreeSet<>();
    for (int i = 0; i < USERS; i++) all.add(user(i));
    return all;
  }

  private long deliver(String account, String subject) throws Exception {
    GreenMailUser user = greenMail.getManagers().getUserManager().getUser(account);
    return greenMail.getManagers().getImapHostManager().getInbox(user)
        .appendMessage(message(Integer.parseInt(account.substring(4)), subject), new Flags(), new Date());
  }

  private static MimeMessage message(int i, String subject) throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
    message.setFrom(new InternetAddress("sender@example.org"));
    message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(user(i) + "@example.org"));
    message.setSubject(subject);
    message.setText("Hello " + user(i) + ": " + subject);
    message.saveChanges();
    return message;
  }

  private static String cli(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext context = CliContext.of(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(SecretKeys.DEFAULT_ENV, Base64.getEncoder().encodeToString(KEY)), StopSignal.manual());
    int status = MailmindCli.run(args.toArray(String[]::new), context);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  private void await(int seconds, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        StringBuilder state = new StringBuilder("not within " + seconds + " s: " + what + "\nIDLE per user: "
            + counter.idleConnections());
        for (Node node : nodes) {
          state.append("\n").append(node.id).append(node.process.isAlive() ? " follows " : " (ended) ")
              .append(node.following()).append("\n").append(node.stderrTail());
        }
        throw new AssertionError(state.toString());
      }
      Thread.sleep(50);
    }
  }

  private static void report(String what, long sinceNanos) {
    System.err.printf("cluster: %s after %.1f s%n", what, (System.nanoTime() - sinceNanos) / 1e9);
  }
}
