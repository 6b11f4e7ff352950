package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.Security;
import io.mailmind.jdbc.JdbcAccounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accounts add|list|enable|disable|remove|rekey} as the command-line contract says, run in-process: output
 * shapes, exit statuses 0, 1 and 2, and no secret or key on stdout or stderr, ever. One subclass per database.
 */
abstract class AccountsCommandTest {
  static final String PASSWORD = "imap-Pässword-7f3a";
  static final String KEY_1 = key(1);
  static final String KEY_2 = key(2);

  @TempDir
  Path temp;

  /** A fresh, empty database for one test, as {@code --db} and its other options. */
  abstract List<String> freshDatabase();

  /** A DataSource over the database of the last {@link #freshDatabase()}. */
  abstract DataSource dataSource();

  static String key(int seed) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) (seed * 17));
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String keyId(String base64) {
    return JdbcAccounts.keyIdOf(Base64.getDecoder().decode(base64));
  }

  Map<String, String> env(String currentKey) {
    Map<String, String> env = new HashMap<>();
    env.put("IMAP_PASSWORD", PASSWORD);
    if (currentKey != null) env.put("MAILMIND_SECRET_KEY", currentKey);
    env.put("OLD_KEYS", KEY_1);
    return env;
  }

  CliRun accounts(List<String> db, Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("accounts"));
    all.add(args[0]);
    all.addAll(db);
    all.addAll(Arrays.asList(args).subList(1, args.length));
    CliRun run = CliRun.run(env, all.toArray(String[]::new));
    assertNoSecret(run);
    return run;
  }

  static void assertNoSecret(CliRun run) {
    for (String secret : List.of(PASSWORD, KEY_1, KEY_2)) {
      assertThat(run.out).as(run.toString()).doesNotContain(secret);
      assertThat(run.err).as(run.toString()).doesNotContain(secret);
    }
  }

  CliRun add(List<String> db, Map<String, String> env, String id, String... more) {
    List<String> args = new ArrayList<>(List.of("add", "--host", "imap.example.org", "--port", "1143", "--security",
        "plain", "--user", "user-" + id, "--password-env", "IMAP_PASSWORD", "--account-id", id));
    args.addAll(Arrays.asList(more));
    return accounts(db, env, args.toArray(String[]::new));
  }

  static void assertOk(CliRun run) {
    assertThat(run.status).as(run.toString()).isZero();
  }

  static String listLine(String id, String host, int port, String security, String user, boolean active) {
    return "{\"account\":\"" + id + "\",\"host\":\"" + host + "\",\"port\":" + port + ",\"security\":\"" + security
        + "\",\"user\":\"" + user + "\",\"active\":" + active + ",\"owner\":null}";
  }

  @Test
  @DisplayName("add prints the account as active; list shows every account by id; disable, enable and remove change it")
  void lifecycle() {
    List<String> db = freshDatabase();
    CliRun added = add(db, env(KEY_1), "b-plain");
    assertOk(added);
    assertThat(added.outLines()).containsExactly("{\"account\":\"b-plain\",\"active\":true}");
    assertOk(accounts(db, env(KEY_1), "add", "--host", "imap.example.org", "--user", "ann", "--password-env",
        "IMAP_PASSWORD"));

    CliRun list = accounts(db, env(null), "list");
    assertOk(list);
    assertThat(list.outLines()).containsExactly(
        listLine("ann@imap.example.org", "imap.example.org", 993, "tls", "ann", true),
        listLine("b-plain", "imap.example.org", 1143, "plain", "user-b-plain", true));

    CliRun disabled = accounts(db, env(null), "disable", "--account-id", "b-plain");
    assertOk(disabled);
    assertThat(disabled.outLines()).containsExactly("{\"account\":\"b-plain\",\"active\":false}");
    assertThat(accounts(db, env(null), "list").outLines()).last()
        .isEqualTo(listLine("b-plain", "imap.example.org", 1143, "plain", "user-b-plain", false));

    CliRun enabled = accounts(db, env(null), "enable", "--account-id", "b-plain");
    assertOk(enabled);
    assertThat(enabled.outLines()).containsExactly("{\"account\":\"b-plain\",\"active\":true}");

    CliRun removed = accounts(db, env(null), "remove", "--account-id", "b-plain");
    assertOk(removed);
    assertThat(removed.outLines()).containsExactly("{\"account\":\"b-plain\",\"removed\":true}");
    assertThat(accounts(db, env(null), "list").outLines()).containsExactly(
        listLine("ann@imap.example.org", "imap.example.org", 993, "tls", "ann", true));
  }

  @Test
  @DisplayName("adding an existing id updates it and makes it active again")
  void addUpdatesAndReactivates() {
    List<String> db = freshDatabase();
    assertOk(add(db, env(KEY_1), "a"));
    assertOk(accounts(db, env(null), "disable", "--account-id", "a"));
    CliRun again = accounts(db, env(KEY_1), "add", "--host", "other.example.org", "--security", "starttls", "--user",
        "new-user", "--password-env", "IMAP_PASSWORD", "--account-id", "a");
    assertOk(again);
    assertThat(accounts(db, env(null), "list").outLines())
        .containsExactly(listLine("a", "other.example.org", 143, "starttls", "new-user", true));
  }

  @Test
  @DisplayName("the secret is stored encrypted and decrypts with the key; the key can come from a file")
  void storedEncrypted() throws Exception {
    List<String> db = freshDatabase();
    Path keyFile = Files.writeString(temp.resolve("key"), KEY_2 + "\n");
    assertOk(add(db, env(null), "a", "--secret-key-file", keyFile.toString(), "--oauth2", "--include", "INBOX,Sent"));
    JdbcAccounts stored = JdbcAccounts.builder(dataSource()).currentKey(Base64.getDecoder().decode(KEY_2)).build();
    assertThat(stored.list()).singleElement().satisfies(account -> {
      assertThat(account.keyId()).isEqualTo(keyId(KEY_2));
      assertThat(account.include()).containsExactly("INBOX", "Sent");
    });
    ImapAccount account = stored.activeAccounts().get(0);
    assertThat(account.security()).isEqualTo(Security.PLAIN);
    assertThat(stored.credentials(account).secret()).isEqualTo(PASSWORD);
  }

  @Test
  @DisplayName("a command that needs the key and has none exits 2 saying how to make one; a malformed key exits 2"
      + " without echoing it")
  void missingOrMalformedKey() {
    List<String> db = freshDatabase();
    CliRun none = add(db, env(null), "a");
    assertThat(none.status).as(none.toString()).isEqualTo(2);
    assertThat(none.out).isEmpty();
    assertThat(none.err.strip()).doesNotContain("\n").contains("MAILMIND_SECRET_KEY").contains("openssl rand -base64 32");

    CliRun unset = add(db, env(KEY_1), "a", "--secret-key-env", "NOT_SET");
    assertThat(unset.status).as(unset.toString()).isEqualTo(2);
    assertThat(unset.err).contains("--secret-key-env names NOT_SET");

    Map<String, String> shortKey = env(null);
    shortKey.put("MAILMIND_SECRET_KEY", "c2hvcnQta2V5LXZhbHVl");
    CliRun malformed = add(db, shortKey, "a");
    assertThat(malformed.status).as(malformed.toString()).isEqualTo(2);
    assertThat(malformed.err).contains("must be 32").contains("openssl rand -base64 32")
        .doesNotContain("c2hvcnQta2V5LXZhbHVl");

    CliRun rekey = accounts(db, env(null), "rekey");
    assertThat(rekey.status).as(rekey.toString()).isEqualTo(2);
    assertThat(rekey.err).contains("no secret key");
    assertOk(add(db, env(KEY_1), "a"));
    assertOk(accounts(db, env(null), "list")); // list, enable, disable and remove need no key
  }

  @Test
  @DisplayName("a wrong key exits 1 with a clear message naming the key ids, and writes nothing")
  void wrongKey() {
    List<String> db = freshDatabase();
    assertOk(add(db, env(KEY_1), "a"));
    CliRun wrong = add(db, env(KEY_2), "b");
    assertThat(wrong.status).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.out).isEmpty();
    assertThat(wrong.err).contains("\nmailmind accounts: wrong secret key")
        .contains("account 'a'").contains(keyId(KEY_1)).contains(keyId(KEY_2)).contains("--old-secret-keys-env");
    assertThat(accounts(db, env(null), "list").outLines()).hasSize(1);

    Map<String, String> sameIdOtherKey = env(KEY_2);
    CliRun rekey = accounts(db, sameIdOtherKey, "rekey");
    assertThat(rekey.status).as(rekey.toString()).isEqualTo(1);
    assertThat(rekey.err).contains("wrong secret key");
  }

  @Test
  @DisplayName("rotation from the command line: new key in MAILMIND_SECRET_KEY, the old one in --old-secret-keys-env,"
      + " rekey, and then the new key alone is enough")
  void rotation() {
    List<String> db = freshDatabase();
    assertOk(add(db, env(KEY_1), "a"));
    assertOk(add(db, env(KEY_2), "b", "--old-secret-keys-env", "OLD_KEYS"));
    CliRun rekey = accounts(db, env(KEY_2), "rekey", "--old-secret-keys-env", "OLD_KEYS");
    assertOk(rekey);
    assertThat(rekey.outLines()).containsExactly("{\"key_id\":\"" + keyId(KEY_2) + "\",\"reencrypted\":1}");
    assertOk(add(db, env(KEY_2), "c"));

    JdbcAccounts newKeyOnly = JdbcAccounts.builder(dataSource()).currentKey(Base64.getDecoder().decode(KEY_2)).build();
    newKeyOnly.checkKeys();
    assertThat(newKeyOnly.activeAccounts()).hasSize(3)
        .allSatisfy(account -> assertThat(newKeyOnly.credentials(account).secret()).isEqualTo(PASSWORD));
  }

  @Test
  @DisplayName("enable, disable and remove of an unknown account exit 1; a missing --account-id or subcommand exits 2")
  void unknownAccountAndUsage() {
    List<String> db = freshDatabase();
    assertOk(add(db, env(KEY_1), "a"));
    for (String subcommand : List.of("enable", "disable", "remove")) {
      CliRun run = accounts(db, env(null), subcommand, "--account-id", "nobody");
      assertThat(run.status).as(run.toString()).isEqualTo(1);
      assertThat(run.err).contains("no account 'nobody'");
      CliRun missing = accounts(db, env(null), subcommand);
      assertThat(missing.status).as(missing.toString()).isEqualTo(2);
      assertThat(missing.err).contains("missing --account-id");
    }
    CliRun noSubcommand = CliRun.run(env(null), "accounts", "--db", "jdbc:sqlite:x.db");
    assertThat(noSubcommand.status).isEqualTo(2);
    assertThat(noSubcommand.err).contains("missing subcommand");
    CliRun passwordOnCommandLine = add(db, env(KEY_1), "x", "--password", PASSWORD);
    assertThat(passwordOnCommandLine.status).isEqualTo(2);
  }

  @Test
  @DisplayName("remove --purge forgets the account and deletes the mail that sync mirrored for it")
  void removeWithPurge() {
    List<String> db = freshDatabase();
    DemoServer server = SeededServer.start();
    try {
      Map<String, String> env = env(KEY_1);
      env.put("IMAP_PASSWORD", server.password());
      List<String> connection = List.of("--host", DemoServer.HOST, "--port", String.valueOf(server.port()),
          "--security", "plain", "--user", SampleMailbox.USER, "--password-env", "IMAP_PASSWORD", "--account-id",
          "robin");
      List<String> sync = new ArrayList<>(List.of("sync"));
      sync.addAll(connection);
      sync.addAll(db);
      CliRun synced = CliRun.run(env, sync.toArray(String[]::new));
      assertOk(synced);
      List<String> add = new ArrayList<>(List.of("add"));
      add.addAll(connection);
      assertOk(accounts(db, env, add.toArray(String[]::new)));

      CliRun removed = accounts(db, env, "remove", "--account-id", "robin", "--purge");
      assertOk(removed);
      assertThat(removed.outLines()).containsExactly("{\"account\":\"robin\",\"removed\":true,\"messages_purged\":"
          + SampleMailbox.messages().size() + "}");
      List<String> export = new ArrayList<>(List.of("export"));
      export.addAll(db);
      CliRun exported = CliRun.run(env, export.toArray(String[]::new));
      assertOk(exported);
      assertThat(exported.out).isEmpty();
      assertThat(accounts(db, env, "list").out).isEmpty();
      assertThat(server.password()).isNotEmpty();
      assertThat(removed.err + synced.err).doesNotContain(server.password());
    } finally {
      server.close();
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
