package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.AuthMechanism;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.Security;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.TestMessages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accounts table and its encryption, on a real database. One subclass per database. */
abstract class JdbcAccountsTest {
  static final String PASSWORD = "pässwörd-Ω-s3cret!";
  static final String TOKEN = "ya29.oauth2-access-token-9f8e7d";
  static final byte[] KEY_1 = key(1);
  static final byte[] KEY_2 = key(2);

  @TempDir
  Path temp;

  String prefix;
  TestClock clock;
  JdbcAccounts accounts;

  abstract TestDatabase db();

  static byte[] key(int seed) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) seed);
    key[0] = (byte) (seed * 31 + 7);
    return key;
  }

  @BeforeEach
  void open() {
    prefix = db().freshPrefix();
    clock = new TestClock(Instant.parse("2026-01-10T08:00:00Z"));
    accounts = builder().currentKey("k1", KEY_1).clock(clock).build();
  }

  JdbcAccounts.Builder builder() {
    return JdbcAccounts.builder(db().dataSource()).tablePrefix(prefix).certificateDirectory(temp.resolve("certs"));
  }

  static ImapAccount account(String id, String host) {
    return ImapAccount.builder().id(id).host(host).port(1143).security(Security.PLAIN).username(id).build();
  }

  List<String> column(String sqlText) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sqlText.replace("${p}", prefix))) {
      while (rs.next()) values.add(rs.getString(1));
    }
    return values;
  }

  // ---- encryption ----

  @Test
  @DisplayName("a password and an OAuth2 token come back as they were stored, and the table holds neither in clear")
  void roundTrip() throws SQLException {
    accounts.add(account("ann", "imap.example.org"), Credentials.password(PASSWORD));
    ImapAccount bob = ImapAccount.builder().id("bob").host("imap.example.org").username("bob@example.org")
        .auth(AuthMechanism.XOAUTH2).build();
    accounts.add(bob, Credentials.oauth2AccessToken(TOKEN));

    Credentials ann = accounts.credentials(account("ann", "imap.example.org"));
    assertThat(ann.mechanism()).isEqualTo(AuthMechanism.PASSWORD);
    assertThat(ann.secret()).isEqualTo(PASSWORD);
    Credentials token = accounts.credentials(bob);
    assertThat(token.mechanism()).isEqualTo(AuthMechanism.XOAUTH2);
    assertThat(token.secret()).isEqualTo(TOKEN);

    List<String> stored = column("SELECT secret FROM ${p}imap_accounts ORDER BY account_id");
    assertThat(stored).hasSize(2);
    for (String secret : List.of(PASSWORD, TOKEN)) {
      String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
      assertThat(stored).allSatisfy(value -> assertThat(value).doesNotContain(secret).doesNotContain(base64));
    }
    assertThat(column("SELECT secret_key_id FROM ${p}imap_accounts")).containsOnly("k1");
  }

  @Test
  @DisplayName("the same secret is stored differently each time (a fresh nonce), and one row's secret does not decrypt"
      + " in another row")
  void nonceAndAccountBinding() throws SQLException {
    accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
    accounts.add(account("bob", "h"), Credentials.password(PASSWORD));
    List<String> stored = column("SELECT secret FROM ${p}imap_accounts ORDER BY account_id");
    assertThat(stored.get(0)).isNotEqualTo(stored.get(1));

    execute("UPDATE ${p}imap_accounts SET secret = '" + stored.get(0) + "' WHERE account_id = 'bob'");
    assertThatThrownBy(() -> accounts.credentials(account("bob", "h")))
        .isInstanceOf(AccountSecretException.class)
        .hasMessageContaining("'bob'");
  }

  void execute(String sqlText) throws SQLException {
    try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sqlText.replace("${p}", prefix));
    }
  }

  @Test
  @DisplayName("a wrong key under the right key id is a clear error naming the account and the key id, never a"
      + " garbled login")
  void wrongKey() {
    accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
    JdbcAccounts wrong = builder().currentKey("k1", KEY_2).build();
    assertThatThrownBy(() -> wrong.credentials(account("ann", "h")))
        .isInstanceOf(AccountSecretException.class)
        .isInstanceOf(MailStoreException.class)
        .hasMessageContaining("account 'ann'")
        .hasMessageContaining("key id 'k1'")
        .hasMessageContaining("wrong key")
        .satisfies(e -> {
          AccountSecretException error = (AccountSecretException) e;
          assertThat(error.accountId()).isEqualTo("ann");
          assertThat(error.keyId()).isEqualTo("k1");
          assertThat(error.getMessage()).doesNotContain(PASSWORD);
        });
    assertThatThrownBy(wrong::checkKeys).isInstanceOf(AccountSecretException.class).hasMessageContaining("wrong key");
    accounts.checkKeys();
  }

  @Test
  @DisplayName("a secret stored under a key id that was not given is a clear error naming both")
  void unknownKeyId() {
    accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
    JdbcAccounts other = builder().currentKey("k2", KEY_2).build();
    assertThatThrownBy(() -> other.credentials(account("ann", "h")))
        .isInstanceOf(AccountSecretException.class)
        .hasMessageContaining("account 'ann'")
        .hasMessageContaining("key id 'k1'")
        .hasMessageContaining("not given")
        .hasMessageContaining("'k2' (current)");
    assertThatThrownBy(other::checkKeys).isInstanceOf(AccountSecretException.class).hasMessageContaining("'k1'");
  }

  // ---- rotation ----

  @Test
  @DisplayName("rotation: the old key id still decrypts, new secrets go under the new key, reEncrypt moves every row"
      + " to it, and then the old key is no longer needed")
  void rotation() throws SQLException {
    accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
    accounts.add(account("bob", "h"), Credentials.password("bob-secret"));

    JdbcAccounts rotating = builder().currentKey("k2", KEY_2).olderKey("k1", KEY_1).build();
    assertThat(rotating.credentials(account("ann", "h")).secret()).isEqualTo(PASSWORD);
    rotating.add(account("cid", "h"), Credentials.password("cid-secret"));
    assertThat(column("SELECT secret_key_id FROM ${p}imap_accounts ORDER BY account_id"))
        .containsExactly("k1", "k1", "k2");
    rotating.checkKeys();

    assertThat(rotating.reEncrypt()).isEqualTo(2);
    assertThat(column("SELECT secret_key_id FROM ${p}imap_accounts")).containsOnly("k2");
    assertThat(rotating.reEncrypt()).isZero();

    JdbcAccounts newOnly = builder().currentKey("k2", KEY_2).build();
    newOnly.checkKeys();
    assertThat(newOnly.credentials(account("ann", "h")).secret()).isEqualTo(PASSWORD);
    assertThat(newOnly.credentials(account("bob", "h")).secret()).isEqualTo("bob-secret");
    assertThat(newOnly.credentials(account("cid", "h")).secret()).isEqualTo("cid-secret");
    assertThatThrownBy(() -> accounts.credentials(account("ann", "h"))).isInstanceOf(AccountSecretException.class);
  }

  @Test
  @DisplayName("re-encrypting a row under a key id that was not given fails clearly and leaves that row as it was")
  void reEncryptWithoutTheOldKey() throws SQLException {
    accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
    JdbcAccounts withoutOld = builder().currentKey("k2", KEY_2).build();
    assertThatThrownBy(withoutOld::reEncrypt)
        .isInstanceOf(AccountSecretException.class)
        .hasMessageContaining("account 'ann'")
        .hasMessageContaining("key id 'k1'");
    assertThat(column("SELECT secret_key_id FROM ${p}imap_accounts")).containsOnly("k1");
    assertThat(accounts.credentials(account("ann", "h")).secret()).isEqualTo(PASSWORD);
  }

  @Test
  @DisplayName("key ids derived from the key: the same key gives the same id, another key another one")
  void derivedKeyIds() {
    assertThat(JdbcAccounts.keyIdOf(KEY_1)).matches("[0-9a-f]{8}").isEqualTo(JdbcAccounts.keyIdOf(KEY_1.clone()))
        .isNotEqualTo(JdbcAccounts.keyIdOf(KEY_2));
    JdbcAccounts derived = builder().currentKey(KEY_2).olderKey(KEY_1).build();
    assertThat(derived.currentKeyId()).isEqualTo(JdbcAccounts.keyIdOf(KEY_2));
  }

  // ---- secrets never shown ----

  @Test
  @DisplayName("no secret in any toString, exception message, listing or log line")
  void noSecretAnywhere() {
    List<String> shown = new ArrayList<>();
    String logs = capturingStderr(() -> {
      accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
      ImapAccount bob = ImapAccount.builder().id("bob").host("h").username("bob").auth(AuthMechanism.XOAUTH2).build();
      accounts.add(bob, Credentials.oauth2AccessToken(TOKEN));
      accounts.disable("bob");
      accounts.enable("bob");
      shown.add(accounts.toString());
      shown.add(accounts.credentials(bob).toString());
      shown.add(accounts.credentials(account("ann", "h")).toString());
      accounts.list().forEach(stored -> shown.add(stored.toString()));
      shown.add(accounts.list().toString());
      shown.add(accounts.activeAccounts().toString());
      JdbcAccounts rotating = builder().currentKey("k2", KEY_2).olderKey("k1", KEY_1).build();
      shown.add(rotating.toString());
      rotating.reEncrypt();
      JdbcAccounts wrong = builder().currentKey("k2", KEY_1).build();
      try {
        wrong.credentials(bob);
      } catch (AccountSecretException e) {
        shown.add(e.toString());
      }
      accounts.remove("ann");
    });
    assertThat(logs).as("the log lines were captured").contains("ann").contains("bob");
    shown.add(logs);
    String base64Key = Base64.getEncoder().encodeToString(KEY_1);
    assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain(PASSWORD).doesNotContain(TOKEN)
        .doesNotContain(base64Key).doesNotContain(Base64.getEncoder().encodeToString(KEY_2)));
  }

  static String capturingStderr(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }

  // ---- changes ----

  @Test
  @DisplayName("adding an id that exists updates its settings and secret and makes it active again; its creation"
      + " time stays")
  void addUpdatesAndReactivates() {
    accounts.add(account("ann", "old.example.org"), Credentials.password("old"), List.of("INBOX"), List.of());
    accounts.disable("ann");
    clock.advance(Duration.ofMinutes(3));
    ImapAccount moved = ImapAccount.builder().id("ann").host("new.example.org").port(993).username("ann@new").build();
    accounts.add(moved, Credentials.password(PASSWORD), List.of("Archive/*"), List.of("Spam"));

    assertThat(accounts.list()).singleElement().satisfies(stored -> {
      assertThat(stored.host()).isEqualTo("new.example.org");
      assertThat(stored.port()).isEqualTo(993);
      assertThat(stored.security()).isEqualTo(Security.TLS);
      assertThat(stored.username()).isEqualTo("ann@new");
      assertThat(stored.include()).containsExactly("Archive/*");
      assertThat(stored.exclude()).containsExactly("Spam");
      assertThat(stored.active()).isTrue();
      assertThat(stored.keyId()).isEqualTo("k1");
      assertThat(stored.created()).isEqualTo(Instant.parse("2026-01-10T08:00:00Z"));
      assertThat(stored.updated()).isEqualTo(Instant.parse("2026-01-10T08:03:00Z"));
    });
    ImapAccount withGlobs = ImapAccount.builder().id("ann").host("new.example.org").port(993).username("ann@new")
        .include(List.of("Archive/*")).exclude(List.of("Spam")).build();
    assertThat(accounts.activeAccounts()).containsExactly(withGlobs); // the engine gets the account's folder globs
    assertThat(accounts.credentials(moved).secret()).isEqualTo(PASSWORD);
  }

  @Test
  @DisplayName("a disabled account leaves activeAccounts at once, stays listed, and comes back when enabled")
  void disableAndEnable() {
    accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
    accounts.add(account("bob", "h"), Credentials.password(PASSWORD));
    assertThat(accounts.activeAccounts()).extracting(ImapAccount::id).containsExactly("ann", "bob");

    assertThat(accounts.disable("ann")).isTrue();
    assertThat(accounts.activeAccounts()).extracting(ImapAccount::id).containsExactly("bob");
    assertThat(accounts.list()).extracting(StoredAccount::id, StoredAccount::active)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ann", false), org.assertj.core.groups.Tuple.tuple("bob", true));

    assertThat(accounts.enable("ann")).isTrue();
    assertThat(accounts.activeAccounts()).extracting(ImapAccount::id).containsExactly("ann", "bob");
    assertThat(accounts.enable("nobody")).isFalse();
    assertThat(accounts.disable("nobody")).isFalse();
  }

  @Test
  @DisplayName("a change made by another process is seen once the cached copy is older than cacheFor")
  void cacheOfAnotherProcess() {
    JdbcAccounts other = builder().clock(clock).cacheFor(Duration.ofSeconds(5)).build();
    accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
    assertThat(other.activeAccounts()).extracting(ImapAccount::id).containsExactly("ann");
    accounts.disable("ann");
    clock.advance(Duration.ofMillis(4_999));
    assertThat(other.activeAccounts()).as("still the cached copy").extracting(ImapAccount::id).containsExactly("ann");
    clock.advance(Duration.ofMillis(1));
    assertThat(other.activeAccounts()).isEmpty();
  }

  @Test
  @DisplayName("accounts are listed in id order with their settings; a trusted certificate comes back as the same"
      + " file from one read to the next")
  void listAndCertificates() throws Exception {
    String pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n";
    Path pemFile = Files.writeString(temp.resolve("ca.pem"), pem);
    ImapAccount withCert = ImapAccount.builder().id("b-tls").host("h").username("u").security(Security.STARTTLS)
        .trustedCertificate(pemFile).build();
    accounts.add(withCert, Credentials.password(PASSWORD));
    accounts.add(account("a-plain", "h"), Credentials.password(PASSWORD));
    accounts.add(account("C-upper", "h"), Credentials.password(PASSWORD));

    assertThat(accounts.list()).extracting(StoredAccount::id).containsExactly("C-upper", "a-plain", "b-tls");
    StoredAccount stored = accounts.list().get(2);
    assertThat(stored.trustedCertificatePem()).isEqualTo(pem);
    assertThat(stored.security()).isEqualTo(Security.STARTTLS);
    assertThat(stored.port()).isEqualTo(143);

    ImapAccount active = accounts.activeAccounts().get(2);
    assertThat(active.trustedCertificate()).isNotEqualTo(pemFile).hasContent(pem);
    JdbcAccounts again = builder().cacheFor(Duration.ZERO).build();
    assertThat(again.activeAccounts()).isEqualTo(again.activeAccounts()).isEqualTo(accounts.activeAccounts());
  }

  @Test
  @DisplayName("bad input is refused before anything is stored; without a key, accounts can be listed but not added")
  void refusals() {
    ImapAccount oauth = ImapAccount.builder().id("x").host("h").username("u").auth(AuthMechanism.XOAUTH2).build();
    assertThatThrownBy(() -> accounts.add(oauth, Credentials.password(PASSWORD)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XOAUTH2");
    assertThatThrownBy(() -> accounts.add(account("x", "h"), Credentials.password("p"), Arrays.asList("a", null), List.of()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("include[1]");
    assertThat(accounts.list()).isEmpty();

    accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
    JdbcAccounts keyless = builder().build();
    assertThat(keyless.list()).extracting(StoredAccount::id).containsExactly("ann");
    assertThat(keyless.disable("ann")).isTrue();
    assertThatThrownBy(() -> keyless.add(account("bob", "h"), Credentials.password(PASSWORD)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no current key");
    assertThatThrownBy(() -> keyless.credentials(account("ann", "h")))
        .isInstanceOf(AccountSecretException.class).hasMessageContaining("keys given: none");
  }

  @Test
  @DisplayName("remove forgets the account (and its credentials) but keeps its mail; remove with a store purges the"
      + " mail of that account only")
  void removeAndPurge() {
    try (JdbcMailStore store = JdbcMailStore.builder(db().dataSource()).tablePrefix(prefix).build()) {
      accounts.add(account("ann", "h"), Credentials.password(PASSWORD));
      accounts.add(account("bob", "h"), Credentials.password(PASSWORD));
      storeMail(store, "ann", "INBOX", "Archive");
      storeMail(store, "bob", "INBOX");

      assertThat(accounts.remove("bob")).isTrue();
      assertThat(accounts.remove("bob")).isFalse();
      assertThat(accounts.list()).extracting(StoredAccount::id).containsExactly("ann");
      assertThatThrownBy(() -> accounts.credentials(account("bob", "h")))
          .isInstanceOf(MailStoreException.class).hasMessageContaining("'bob' is not stored");
      assertThat(store.countMessages("bob")).isEqualTo(2);

      assertThat(accounts.remove("ann", store)).isTrue();
      assertThat(accounts.list()).isEmpty();
      assertThat(store.folders("ann")).isEmpty();
      assertThat(store.countMessages("ann")).isZero();
      assertThat(store.countMessages("bob")).isEqualTo(2);

      assertThat(accounts.remove("bob", store)).as("mail of an account already forgotten is purged too").isFalse();
      assertThat(store.countMessages("bob")).isZero();
    }
  }

  private static void storeMail(JdbcMailStore store, String accountId, String... folders) {
    for (String name : folders) {
      FolderId folder = new FolderId(accountId, name);
      store.upsertFolder(new Folder(folder, name, List.of(), SyncCheckpoint.NONE));
      List<TestMessages.Message> messages = List.of(TestMessages.message(TestMessages.key(folder, 7, 1))
          .attachment(TestMessages.attachment("a.txt", "text/plain", (accountId + name).getBytes())),
          TestMessages.message(TestMessages.key(folder, 7, 2)));
      store.upsertMetadata(messages.stream().map(TestMessages.Message::metadata).toList());
      store.upsertContent(messages.stream().map(TestMessages.Message::content).toList());
    }
  }

  @Test
  @DisplayName("8 threads adding the same id at once all succeed: one row, holding one of their settings and secrets")
  void concurrentAddsOfTheSameId() throws Exception {
    int threads = 8;
    for (int round = 0; round < 5; round++) {
      String id = "same-" + round;
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Callable<Void>> adds = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          JdbcAccounts own = t % 2 == 0 ? accounts : builder().currentKey("k1", KEY_1).build();
          adds.add(() -> {
            start.await(1, TimeUnit.MINUTES);
            own.add(account(id, "host-" + thread), Credentials.password("secret-" + thread));
            return null;
          });
        }
        for (Future<Void> f : pool.invokeAll(adds, 2, TimeUnit.MINUTES)) f.get();
      } finally {
        pool.shutdownNow();
      }
      List<StoredAccount> stored = accounts.list().stream().filter(a -> a.id().equals(id)).toList();
      assertThat(stored).hasSize(1);
      String host = stored.get(0).host();
      assertThat(accounts.credentials(account(id, host)).secret()).isEqualTo("secret-" + host.substring(5));
    }
  }

  @Test
  @DisplayName("a schema at version 2 is upgraded to the latest version by JdbcAccounts and keeps what it held")
  void upgradeFromVersion2() throws SQLException {
    String old = db().freshPrefix();
    List<String> scripts = JdbcMailStore.migrationScripts(db().dialect(), old);
    for (String script : scripts.subList(0, 2)) {
      for (String statement : script.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\n|$)")) {
        if (!statement.isBlank()) execute(statement);
      }
    }
    execute("INSERT INTO " + old + "accounts (account_id) VALUES ('kept')");
    JdbcAccounts upgraded = JdbcAccounts.builder(db().dataSource()).tablePrefix(old).currentKey(KEY_1).build();
    upgraded.add(account("ann", "h"), Credentials.password(PASSWORD));
    assertThat(column("SELECT MAX(version) FROM " + old + "schema_version")).containsExactly(String.valueOf(JdbcMailStore.SCHEMA_VERSION));
    assertThat(column("SELECT account_id FROM " + old + "accounts")).containsExactly("kept");
    try (JdbcMailStore store = JdbcMailStore.builder(db().dataSource()).tablePrefix(old).autoMigrate(false).build()) {
      assertThat(store.countMessages("kept")).isZero();
    }
  }
}
