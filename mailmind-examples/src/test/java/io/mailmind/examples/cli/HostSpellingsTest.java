package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.Security;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.InMemoryMailStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --host localhost} after {@code --host 127.0.0.1}: the default account id is {@code user@host} as written,
 * so the store would get a second copy of the mailbox; the command line warns and names the account it already has.
 */
class HostSpellingsTest {
  private static DemoServer server;
  private static Map<String, String> env;

  @BeforeAll
  static void startServer() {
    server = SeededServer.start();
    env = Map.of("IMAP_PASSWORD", server.password());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static CliRun sync(String db, String host, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("sync", "--host", host,
        "--port", String.valueOf(server.port()), "--security", "plain", "--user", SampleMailbox.USER,
        "--password-env", "IMAP_PASSWORD", "--db", db));
    args.addAll(List.of(more));
    return CliRun.run(env, args.toArray(String[]::new));
  }

  @Test
  void anotherSpellingOfTheSameHostIsWarnedAboutNamingTheStoredAccount() {
    String db = "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    CliRun first = sync(db, "127.0.0.1");
    assertThat(first.status).as(first.toString()).isZero();
    assertThat(first.err).doesNotContain("warning: the store already holds");

    CliRun second = sync(db, "localhost");
    assertThat(second.err).as(second.toString()).contains("mailmind: warning: the store already holds robin on the "
        + "same server as account 'robin@127.0.0.1'; this run stores into a new account 'robin@localhost'")
        .contains("pass --host 127.0.0.1 or --account-id robin@127.0.0.1");

    // The same spelling again, or an explicit id: no warning.
    CliRun again = sync(db, "127.0.0.1");
    assertThat(again.err).as(again.toString()).doesNotContain("warning: the store already holds");
    CliRun explicit = sync(db, "localhost", "--account-id", "robin-two");
    assertThat(explicit.err).as(explicit.toString()).doesNotContain("warning: the store already holds");
  }

  @Test
  void spellingsOfTheLoopbackIncludeItsNamesAndAddresses() {
    assertThat(HostSpellings.spellings("localhost")).contains("127.0.0.1").doesNotContain("localhost");
    assertThat(HostSpellings.spellings("127.0.0.1")).contains("localhost", "::1").doesNotContain("127.0.0.1");
    assertThat(HostSpellings.spellings("no-such-host.invalid")).isEqualTo(Set.of());
  }

  @Test
  void anAccountTheStoreAlreadyHoldsIsNotWarnedAbout() {
    InMemoryMailStore store = new InMemoryMailStore();
    ImapAccount localhost = ImapAccount.builder().host("localhost").username("ann").security(Security.PLAIN).build();
    ImapAccount loopback = ImapAccount.builder().host("127.0.0.1").username("ann").security(Security.PLAIN).build();
    store.upsertFolder(new Folder(new FolderId(loopback.id(), "INBOX"), "INBOX", List.of(), SyncCheckpoint.NONE));

    assertThat(HostSpellings.otherSpelling(localhost, store)).contains("ann@127.0.0.1");
    assertThat(HostSpellings.otherSpelling(loopback, store)).isEmpty();
  }
}
