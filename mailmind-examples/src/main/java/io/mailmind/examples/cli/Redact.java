package io.mailmind.examples.cli;

import java.util.regex.Pattern;

/** Keeps secrets out of messages: JDBC URLs lose their password parameter. */
final class Redact {
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password|pwd)=[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

  private Redact() {}

  static String jdbcUrl(String url) {
    String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1=****");
    return USER_INFO.matcher(masked).replaceAll("//$1:****@");
  }

  /** The message of the deepest cause, which usually says what really went wrong. */
  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) message = root.getClass().getSimpleName();
    String outer = error.getMessage();
    if (root != error && outer != null && !outer.isBlank() && !outer.contains(message)) {
      return outer + " (" + message + ")";
    }
    return message;
  }
}
