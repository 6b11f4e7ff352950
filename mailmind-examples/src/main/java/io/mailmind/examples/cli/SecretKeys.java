package io.mailmind.examples.cli;

import io.mailmind.jdbc.JdbcAccounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys that encrypt the secrets of the accounts kept in the database: the current key from
 * {@code MAILMIND_SECRET_KEY} (or {@code --secret-key-env VAR}, {@code --secret-key-file F}), older keys from
 * {@code --old-secret-keys-env VAR,...} (each variable holds one or more keys, separated by commas or spaces). Each
 * key is the base64 of 32 bytes; its id is derived from it ({@link JdbcAccounts#keyIdOf}), so rotating is changing
 * the variable and giving the old key as an older one. Keys are never printed; messages name their source only.
 */
final class SecretKeys {
  static final String DEFAULT_ENV = "MAILMIND_SECRET_KEY";
  static final Set<String> VALUED = Set.of("secret-key-env", "secret-key-file", "old-secret-keys-env");
  private static final String HOW = "make one with: openssl rand -base64 32";

  private final byte[] current;
  private final String source;
  private final Map<String, byte[]> older;

  private SecretKeys(byte[] current, String source, Map<String, byte[]> older) {
    this.current = current;
    this.source = source;
    this.older = older;
  }

  /**
   * The keys of the command line; a command that needs the current key and has none, or a key that is not the
   * base64 of 32 bytes, is a {@link UsageException} that says how to make one.
   */
  static SecretKeys from(CommandLine line, CliContext context, boolean currentRequired) {
    if (line.has("secret-key-env") && line.has("secret-key-file")) {
      throw line.usage("give only one of --secret-key-env and --secret-key-file");
    }
    byte[] current = null;
    String source;
    if (line.has("secret-key-file")) {
      String name = line.required("secret-key-file");
      source = "--secret-key-file " + name;
      current = decode(line, source, firstLine(line, name));
    } else {
      String variable = line.value("secret-key-env").orElse(DEFAULT_ENV);
      source = "environment variable " + variable;
      String value = context.env().apply(variable);
      if (value != null && !value.isBlank()) {
        current = decode(line, source, value);
      } else if (line.has("secret-key-env")) {
        throw line.usage("option --secret-key-env names " + variable + " but that environment variable is not set ("
            + HOW + ")");
      }
    }
    if (current == null && currentRequired) {
      throw line.usage("no secret key: set " + DEFAULT_ENV + " to the base64 of 32 random bytes (" + HOW
          + "), or name another source with --secret-key-env VAR or --secret-key-file FILE");
    }
    Map<String, byte[]> older = new LinkedHashMap<>();
    for (String variable : line.list("old-secret-keys-env")) {
      String value = context.env().apply(variable);
      if (value == null || value.isBlank()) {
        throw line.usage("option --old-secret-keys-env names " + variable + " but that environment variable is not set");
      }
      for (String key : value.trim().split("[,\\s]+")) {
        byte[] bytes = decode(line, "environment variable " + variable, key);
        older.putIfAbsent(JdbcAccounts.keyIdOf(bytes), bytes);
      }
    }
    if (current != null) older.remove(JdbcAccounts.keyIdOf(current));
    return new SecretKeys(current, source, older);
  }

  private static String firstLine(CommandLine line, String name) {
    Path file = ConnectionSettings.readableFile(line, "secret-key-file", name);
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = reader.readLine();
      if (first == null || first.isBlank()) {
        throw line.usage("option --secret-key-file names " + file + " but its first line is empty (" + HOW + ")");
      }
      return first;
    } catch (IOException e) {
      throw line.usage("option --secret-key-file names " + file + " but it cannot be read: " + e.getMessage());
    }
  }

  private static byte[] decode(CommandLine line, String source, String value) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      throw line.usage("the secret key from " + source + " is not base64 (" + HOW + ")");
    }
    if (key.length != 32) {
      throw line.usage("the secret key from " + source + " is " + key.length + " bytes but it must be 32 (" + HOW + ")");
    }
    return key;
  }

  /** Where the current key came from, for messages. */
  String source() {
    return source;
  }

  /** The id of the current key, or empty without one. */
  Optional<String> currentKeyId() {
    return current == null ? Optional.empty() : Optional.of(JdbcAccounts.keyIdOf(current));
  }

  /** The ids of the older keys. */
  List<String> olderKeyIds() {
    return new ArrayList<>(older.keySet());
  }

  /** Gives the builder every key. */
  JdbcAccounts.Builder applyTo(JdbcAccounts.Builder builder) {
    if (current != null) builder.currentKey(current);
    older.values().forEach(builder::olderKey);
    return builder;
  }

  @Override
  public String toString() {
    return "SecretKeys[current " + currentKeyId().orElse("none") + " from " + source + ", older " + older.keySet() + "]";
  }
}
