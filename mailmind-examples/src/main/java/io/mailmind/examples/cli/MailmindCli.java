package io.mailmind.examples.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code mailmind} command line: {@code demo}, {@code sync}, {@code watch}, {@code serve}, {@code export},
 * {@code accounts}.
 * Stdout carries only JSON lines (the demo prints a readable report instead); progress, warnings, errors and
 * logs go to stderr. Exit status 0 on success, 1 when the work failed, 2 on bad usage.
 *
 * <p>Stateless: {@link #main} runs one command line and ends the JVM with its status.
 */
public final class MailmindCli {
  static final String USAGE = String.join("\n",
      "usage: mailmind <command> [options]",
      "",
      "commands:",
      "  demo                 sync a sample mailbox from an embedded IMAP server into SQLite, watch new mail arrive",
      "  sync                 one full sync of one account; prints one JSON summary line",
      "  watch                sync, then follow the account (IDLE/polling); one JSON line per event",
      "  serve                watch, plus a live web inbox on http://127.0.0.1:8025/ (--http-port P, 0 = any)",
      "  export               print every stored message as one JSON line",
      "  accounts add         store an account in the database (active), its secret encrypted; prints",
      "                       {\"account\":ID,\"active\":true}; adding an existing id updates and re-enables it",
      "  accounts list        one JSON line per stored account, by id (never a secret)",
      "  accounts enable      make the account --account-id ID active again",
      "  accounts disable     make it inactive: neither synced nor followed (its mail stays)",
      "  accounts remove      forget --account-id ID; with --purge also delete its mirrored mail",
      "  accounts rekey       encrypt every stored secret again under the current key (after a key change)",
      "  node                 one member of a cluster on a shared database (PostgreSQL, MariaDB, H2 over TCP):",
      "                       follows its share of the active accounts; the watch events, plus",
      "                       {\"event\":\"ownership\",...} when its accounts change; until SIGINT/SIGTERM",
      "",
      "connection options (sync, watch, serve):",
      "  --host H             IMAP host (required)",
      "  --port P             IMAP port (default 993 for tls, 143 otherwise)",
      "  --security S         tls | starttls | plain (default tls)",
      "  --user U             login name (required)",
      "  --password-env VAR   read the password (or OAuth2 token) from environment variable VAR",
      "  --password-file F    read it from the first line of file F",
      "  --oauth2             authenticate with XOAUTH2",
      "  --trust-cert FILE    also trust this PEM certificate",
      "  --account-id ID      the account's id in the store (default user@host)",
      "  --include GLOB,...   folders to sync (default all)",
      "  --exclude GLOB,...   folders to skip",
      "  --batch-size N       messages per content batch (default 50)",
      "  --command-timeout D  the longest one IMAP command may take, e.g. 90s, 10m (default 10m)",
      "  --sync-timeout D     the longest one account sync may take, e.g. 30m, 2h (default 24h)",
      "",
      "store options (sync, watch, serve, export, demo, accounts, node):",
      "  --db URL             JDBC URL (default " + Database.DEFAULT_URL + ")",
      "  --db-user U          database user",
      "  --db-password-env V  read the database password from environment variable V",
      "  --attachments W      db (in the database) or a directory; default for an H2 or SQLite file:",
      "                       the directory NAME.attachments beside it, otherwise db",
      "",
      "accounts options (add also takes the connection options from --host to --exclude above):",
      "  --secret-key-env VAR the key that encrypts the secrets: the base64 of 32 bytes, e.g. from",
      "                       openssl rand -base64 32 (default: environment variable " + SecretKeys.DEFAULT_ENV + ")",
      "  --secret-key-file F  read that key from the first line of file F instead",
      "  --old-secret-keys-env VAR,...  older keys (one or more per variable, comma-separated), still accepted to",
      "                       decrypt; key ids are derived from the keys, so rotating is: set the new key, give",
      "                       the old one here, run accounts rekey, then drop the old one",
      "  --account-id ID      the account (enable, disable, remove)",
      "  --purge              remove: also delete the account's mirrored mail",
      "",
      "node options (also --db, --db-user, --db-password-env and the key options above):",
      "  --node-id ID         this node's id, up to 50 characters (default host name-process id)",
      "  --sync-interval D    how often each followed account is synced in full, e.g. 5m (default 5m)",
      "",
      "export options:",
      "  --account ID         only this account",
      "",
      "any command: --verbose logs Mailmind's debug output on stderr",
      "");

  private MailmindCli() {}

  public static void main(String[] args) {
    PrintStream out = Stdout.over(new FileOutputStream(FileDescriptor.out));
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    CliContext context = new CliContext(out, err, System::getenv, System.console() != null,
        () -> StopSignal.onJvmShutdown(out, err));
    if (args.length > 0) DigestWarmup.startFor(args[0]);
    int status = run(args, context);
    out.flush();
    err.flush();
    System.exit(status);
  }

  /** Runs one command line and returns its exit status; never calls {@link System#exit}. */
  static int run(String[] args, CliContext context) {
    List<String> arguments = Arrays.asList(args);
    if (arguments.isEmpty()) {
      context.err().println("mailmind: missing command: demo, sync, watch, serve, export, accounts or node (see mailmind --help)");
      return 2;
    }
    String command = arguments.get(0);
    if (command.equals("--help") || command.equals("-h") || command.equals("help") || arguments.contains("--help")) {
      context.out().print(USAGE);
      context.out().flush();
      return 0;
    }
    List<String> options = arguments.subList(1, arguments.size());
    try {
      return dispatch(command, options, context);
    } catch (UsageException e) {
      context.err().println(e.getMessage());
      return 2;
    } catch (CommandFailedException e) {
      context.err().println("mailmind " + command + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.err().println("mailmind " + command + ": interrupted");
      return 1;
    } catch (RuntimeException e) {
      context.err().println("mailmind " + command + ": " + Failures.describe(e));
      if (Logging.verbose()) e.printStackTrace(context.err());
      return 1;
    }
  }

  private static int dispatch(String command, List<String> options, CliContext context) throws InterruptedException {
    switch (command) {
      case "sync": {
        CommandLine line = parse(command, options, SyncCommand.VALUED, SyncCommand.FLAGS);
        return SyncCommand.run(line, context);
      }
      case "watch": {
        CommandLine line = parse(command, options, WatchCommand.VALUED, WatchCommand.FLAGS);
        return WatchCommand.run(line, context);
      }
      case "serve": {
        CommandLine line = parse(command, options, ServeCommand.VALUED, ServeCommand.FLAGS);
        return ServeCommand.run(line, context);
      }
      case "export": {
        CommandLine line = parse(command, options, ExportCommand.VALUED, ExportCommand.FLAGS);
        return ExportCommand.run(line, context);
      }
      case "demo": {
        CommandLine line = parse(command, options, DemoCommand.VALUED, DemoCommand.FLAGS);
        return DemoCommand.run(line, context);
      }
      case "node": {
        CommandLine line = parse(command, options, NodeCommand.VALUED, NodeCommand.FLAGS);
        return NodeCommand.run(line, context);
      }
      case "accounts": {
        if (options.isEmpty() || options.get(0).startsWith("--")) {
          throw new UsageException("mailmind accounts: missing subcommand: " + String.join(", ", AccountsCommand.SUBCOMMANDS));
        }
        String subcommand = options.get(0);
        if (!AccountsCommand.SUBCOMMANDS.contains(subcommand)) {
          throw new UsageException("mailmind accounts: unknown subcommand '" + subcommand + "': use "
              + String.join(", ", AccountsCommand.SUBCOMMANDS));
        }
        CommandLine line = parse("accounts " + subcommand, options.subList(1, options.size()),
            AccountsCommand.valued(subcommand), AccountsCommand.flags(subcommand));
        return AccountsCommand.run(subcommand, line, context);
      }
      default:
        throw new UsageException("mailmind: unknown command '" + command
            + "': use demo, sync, watch, serve, export, accounts or node");
    }
  }

  private static CommandLine parse(String command, List<String> options, java.util.Set<String> valued,
      java.util.Set<String> flags) {
    java.util.Set<String> allFlags = new java.util.HashSet<>(flags);
    allFlags.add("verbose");
    CommandLine line = CommandLine.parse(command, options, valued, allFlags);
    Logging.configure(line.has("verbose"), command.equals("demo"));
    return line;
  }
}
