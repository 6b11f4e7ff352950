package io.mailmind.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one command, parsed from {@code --name value}, {@code --name=value} and {@code --flag}.
 * Unknown options, missing values, stray arguments and repeated options are {@link UsageException}s that name
 * the option. Not thread-safe; parse once, then read.
 */
final class CommandLine {
  /** Options that may be given more than once; their values are joined with commas. */
  private static final Set<String> REPEATABLE = Set.of("include", "exclude", "old-secret-keys-env");

  private final String command;
  private final Map<String, String> values;

  private CommandLine(String command, Map<String, String> values) {
    this.command = command;
    this.values = values;
  }

  /**
   * Parses {@code args} (the arguments after the command name).
   *
   * @param valued options that take a value, without the leading {@code --}
   * @param flags  options that take none
   */
  static CommandLine parse(String command, List<String> args, Set<String> valued, Set<String> flags) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("mailmind " + command + ": unexpected argument '" + arg + "' (options start with --)");
      }
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      String value;
      if (flags.contains(name)) {
        if (eq >= 0) throw new UsageException("mailmind " + command + ": option --" + name + " takes no value");
        value = "";
      } else if (valued.contains(name)) {
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          value = args.get(++i);
        } else {
          throw new UsageException("mailmind " + command + ": option --" + name + " needs a value");
        }
      } else {
        throw new UsageException("mailmind " + command + ": " + unknown(name));
      }
      String previous = values.putIfAbsent(name, value);
      if (previous != null) {
        if (!REPEATABLE.contains(name)) {
          throw new UsageException("mailmind " + command + ": option --" + name + " was given twice");
        }
        values.put(name, previous + "," + value);
      }
    }
    return new CommandLine(command, values);
  }

  private static String unknown(String name) {
    if (name.equals("password") || name.equals("db-password") || name.equals("token")) {
      return "option --" + name + " is not supported: secrets never go on the command line; use --"
          + (name.equals("db-password") ? "db-password-env VAR" : "password-env VAR or --password-file FILE");
    }
    return "unknown option --" + name + " (see mailmind --help)";
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) throw usage("missing --" + name);
    return value;
  }

  /** The value as an int in [min, max], or {@code fallback} when absent. */
  int intValue(String name, int fallback, int min, int max) {
    String value = values.get(name);
    if (value == null) return fallback;
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) return parsed;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw usage("option --" + name + " was '" + value + "' but it must be a number in " + min + ".." + max);
  }

  /**
   * The value as a positive duration, or {@code fallback} when absent: a number with a unit ({@code 90s},
   * {@code 10m}, {@code 2h}), or ISO-8601 ({@code PT10M}).
   */
  java.time.Duration durationValue(String name, java.time.Duration fallback) {
    String value = values.get(name);
    if (value == null) return fallback;
    String text = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      java.time.Duration parsed;
      if (text.startsWith("pt") || text.startsWith("p")) {
        parsed = java.time.Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
      } else {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        parsed = switch (text.charAt(text.length() - 1)) {
          case 's' -> java.time.Duration.ofSeconds(amount);
          case 'm' -> java.time.Duration.ofMinutes(amount);
          case 'h' -> java.time.Duration.ofHours(amount);
          default -> null;
        };
      }
      if (parsed != null && !parsed.isNegative() && !parsed.isZero()) return parsed;
    } catch (RuntimeException e) {
      // reported below
    }
    throw usage("option --" + name + " was '" + value + "' but it must be a positive duration such as 90s, 10m or 2h");
  }

  /** The comma-separated values, trimmed, without empty ones. */
  List<String> list(String name) {
    List<String> items = new ArrayList<>();
    String value = values.get(name);
    if (value == null) return items;
    for (String item : value.split(",")) {
      if (!item.isBlank()) items.add(item.trim());
    }
    return items;
  }

  UsageException usage(String message) {
    return new UsageException("mailmind " + command + ": " + message);
  }
}
