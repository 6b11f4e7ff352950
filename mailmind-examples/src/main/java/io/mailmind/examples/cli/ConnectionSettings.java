package io.mailmind.examples.cli;

import io.mailmind.core.AuthMechanism;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.spi.CredentialsProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The IMAP side of {@code sync} and {@code watch}: the account, where its secret comes from, and the sync
 * options. The secret is read from an environment variable or a file, never from the command line, and is
 * never printed. Without {@code --account-id} the account's id is {@code user@host}, both as written on the
 * command line ({@code defaultId}). Immutable.
 */
record ConnectionSettings(ImapAccount account, CredentialsProvider credentials, SyncOptions syncOptions,
    boolean defaultId) {

  static final Set<String> VALUED = Set.of("host", "port", "security", "user", "password-env", "password-file",
      "trust-cert", "account-id", "include", "exclude", "batch-size", "command-timeout", "sync-timeout");
  static final Set<String> FLAGS = Set.of("oauth2");

  /** Reads the settings; a bad or missing option is a {@link UsageException} naming it. */
  static ConnectionSettings from(CommandLine line, CliContext context) {
    String host = line.required("host");
    String user = line.required("user");
    Security security = security(line);
    ImapAccount.Builder account = ImapAccount.builder()
        .host(host)
        .username(user)
        .security(security)
        .port(line.intValue("port", security.defaultPort(), 1, 65535))
        .auth(line.has("oauth2") ? AuthMechanism.XOAUTH2 : AuthMechanism.PASSWORD);
    line.value("account-id").ifPresent(id -> {
      if (id.isBlank()) throw line.usage("option --account-id must not be blank");
      account.id(id);
    });
    line.value("trust-cert").ifPresent(file -> account.trustedCertificate(readableFile(line, "trust-cert", file)));
    String secret = secret(line, context);
    Credentials credentials =
        line.has("oauth2") ? Credentials.oauth2AccessToken(secret) : Credentials.password(secret);
    SyncOptions options = SyncOptions.builder()
        .include(line.list("include"))
        .exclude(line.list("exclude"))
        .batchSize(line.intValue("batch-size", 50, 1, 100_000))
        .commandTimeout(line.durationValue("command-timeout", SyncOptions.defaults().commandTimeout()))
        .syncTimeout(line.durationValue("sync-timeout", SyncOptions.defaults().syncTimeout()))
        .build();
    ImapAccount built = account.build();
    if (security == Security.PLAIN) {
      context.err().println("mailmind: warning: --security plain sends the " + (line.has("oauth2") ? "token" : "password")
          + " to " + built.host() + ":" + built.port() + " without encryption");
    }
    return new ConnectionSettings(built, ignored -> credentials, options, !line.has("account-id"));
  }

  private static Security security(CommandLine line) {
    String value = line.value("security").orElse("tls");
    switch (value.toLowerCase(Locale.ROOT)) {
      case "tls":
        return Security.TLS;
      case "starttls":
        return Security.STARTTLS;
      case "plain":
        return Security.PLAIN;
      default:
        throw line.usage("option --security was '" + value + "' but it must be tls, starttls or plain");
    }
  }

  private static String secret(CommandLine line, CliContext context) {
    boolean fromEnv = line.has("password-env");
    boolean fromFile = line.has("password-file");
    if (fromEnv && fromFile) throw line.usage("give only one of --password-env and --password-file");
    if (fromEnv) {
      String variable = line.required("password-env");
      String value = context.env().apply(variable);
      if (value == null || value.isEmpty()) {
        throw line.usage("option --password-env names " + variable + " but that environment variable is not set");
      }
      return value;
    }
    if (fromFile) {
      Path file = readableFile(line, "password-file", line.required("password-file"));
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String first = reader.readLine();
        if (first == null || first.isEmpty()) {
          throw line.usage("option --password-file names " + file + " but its first line is empty");
        }
        return first;
      } catch (IOException e) {
        throw line.usage("option --password-file names " + file + " but it cannot be read: " + e.getMessage());
      }
    }
    throw line.usage("missing --password-env VAR or --password-file FILE");
  }

  static Path readableFile(CommandLine line, String option, String name) {
    Path file = Path.of(name);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw line.usage("option --" + option + " names " + name + " but that is not a readable file");
    }
    return file;
  }
}
