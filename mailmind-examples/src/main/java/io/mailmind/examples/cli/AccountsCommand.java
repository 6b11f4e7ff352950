package io.mailmind.examples.cli;

import io.mailmind.core.Credentials;
import io.mailmind.core.MailmindException;
import io.mailmind.jdbc.AccountSecretException;
import io.mailmind.jdbc.ClusterOwnership;
import io.mailmind.jdbc.JdbcDialect;
import io.mailmind.jdbc.JdbcAccounts;
import io.mailmind.jdbc.StoredAccount;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code accounts add|list|enable|disable|remove|rekey}: the accounts kept in the database ({@link JdbcAccounts}),
 * with their secrets encrypted under the key of {@link SecretKeys}. One JSON line per account or per change on
 * stdout. Exit 0 when done, 1 when the database fails, the key is wrong or the account does not exist, 2 on bad usage
 * (a missing key included).
 */
final class AccountsCommand {
  static final List<String> SUBCOMMANDS = List.of("add", "list", "enable", "disable", "remove", "rekey");
  private static final Set<String> COMMON = SyncCommand.union(Database.VALUED, SecretKeys.VALUED);
  private static final Set<String> ADD = SyncCommand.union(COMMON, Set.of("host", "port", "security", "user",
      "password-env", "password-file", "trust-cert", "account-id", "include", "exclude"));
  private static final Set<String> ONE = SyncCommand.union(COMMON, Set.of("account-id"));

  private AccountsCommand() {}

  /** The options of a subcommand that take a value. */
  static Set<String> valued(String subcommand) {
    return switch (subcommand) {
      case "add" -> ADD;
      case "enable", "disable", "remove" -> ONE;
      default -> COMMON;
    };
  }

  /** The options of a subcommand that take none. */
  static Set<String> flags(String subcommand) {
    return switch (subcommand) {
      case "add" -> ConnectionSettings.FLAGS;
      case "remove" -> Set.of("purge");
      default -> Set.of();
    };
  }

  static int run(String subcommand, CommandLine line, CliContext context) {
    boolean keyed = subcommand.equals("add") || subcommand.equals("rekey");
    SecretKeys keys = SecretKeys.from(line, context, keyed);
    ConnectionSettings connection = subcommand.equals("add") ? ConnectionSettings.from(line, context) : null;
    String accountId = valued(subcommand).equals(ONE) ? line.required("account-id") : null;
    String url = Database.url(line, Database.DEFAULT_URL);
    if (!subcommand.equals("add")) { // these change or read what add stored: no new empty database
      url = ExportCommand.existingH2(url);
      ExportCommand.requireExistingSqlite(url);
    }
    PrintStream out = context.out();
    try (Database database = Database.open(url, line, context)) {
      JdbcAccounts accounts = keys.applyTo(JdbcAccounts.builder(database.dataSource())).build();
      if (keyed) accounts.checkKeys(); // a wrong key is refused before anything is written
      switch (subcommand) {
        case "add" -> add(accounts, connection, out);
        case "list" -> list(accounts, database, out);
        case "enable", "disable" -> {
          boolean active = subcommand.equals("enable");
          if (!(active ? accounts.enable(accountId) : accounts.disable(accountId))) throw unknown(accountId);
          out.print(new JsonLine().string("account", accountId).bool("active", active).end());
        }
        case "remove" -> remove(accounts, database, accountId, line.has("purge"), out);
        case "rekey" -> out.print(new JsonLine().string("key_id", accounts.currentKeyId())
            .number("reencrypted", accounts.reEncrypt()).end());
        default -> throw new IllegalStateException(subcommand);
      }
    } catch (AccountSecretException e) {
      throw wrongKey(e, keys);
    } catch (MailmindException e) {
      throw new CommandFailedException(Failures.describe(e), e);
    } finally {
      out.flush();
    }
    return 0;
  }

  private static CommandFailedException wrongKey(AccountSecretException e, SecretKeys keys) {
    String given = keys.currentKeyId().map(id -> "; the key from " + keys.source() + " has key id '" + id + "'")
        .orElse("");
    return new CommandFailedException("wrong secret key: " + e.getMessage() + given + " (key ids are derived from the"
        + " keys). To change keys, set " + SecretKeys.DEFAULT_ENV + " to the new key, give the old one with"
        + " --old-secret-keys-env VAR and run mailmind accounts rekey", e);
  }

  private static void add(JdbcAccounts accounts, ConnectionSettings connection, PrintStream out) {
    Credentials credentials = connection.credentials().credentials(connection.account());
    try {
      accounts.add(connection.account(), credentials, connection.syncOptions().include(),
          connection.syncOptions().exclude());
    } catch (IllegalArgumentException e) { // a --trust-cert file that holds no PEM certificate
      throw new UsageException("mailmind accounts add: option --trust-cert: " + e.getMessage());
    }
    out.print(new JsonLine().string("account", connection.account().id()).bool("active", true).end());
  }

  private static void remove(JdbcAccounts accounts, Database database, String accountId, boolean purge,
      PrintStream out) {
    long messages = purge ? database.store().countMessages(accountId) : 0;
    boolean removed = purge ? accounts.remove(accountId, database.store()) : accounts.remove(accountId);
    if (!removed && (!purge || messages == 0)) throw unknown(accountId);
    JsonLine line = new JsonLine().string("account", accountId).bool("removed", removed);
    if (purge) line.number("messages_purged", messages);
    out.print(line.end());
  }

  private static CommandFailedException unknown(String accountId) {
    return new CommandFailedException("no account '" + accountId + "' in the database (see mailmind accounts list)");
  }

  private static void list(JdbcAccounts accounts, Database database, PrintStream out) {
    List<StoredAccount> stored = accounts.list();
    Map<String, String> owners = accounts.dialect() == JdbcDialect.SQLITE ? Map.of()
        : ClusterOwnership.owners(database.dataSource(), "mm_",
            stored.stream().filter(StoredAccount::active).map(StoredAccount::id).toList());
    stored.forEach(account -> out.print(listLine(account, owners.get(account.id()))));
  }

  /**
   * One account as {@code accounts list} prints it. {@code owner} is the cluster node that holds the account's lease
   * now (also one that died and whose lease has not expired), or null: an inactive account, no cluster, or a
   * shard between two holders.
   */
  static String listLine(StoredAccount account, String owner) {
    return new JsonLine()
        .string("account", account.id())
        .string("host", account.host())
        .number("port", account.port())
        .string("security", account.security().name().toLowerCase(Locale.ROOT))
        .string("user", account.username())
        .bool("active", account.active())
        .string("owner", owner)
        .end();
  }
}
