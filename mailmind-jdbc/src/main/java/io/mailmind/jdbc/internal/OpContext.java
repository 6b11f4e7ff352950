package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a store operation is doing, for its error message: the operation, the table it is writing or reading
 * and the account, folder and UIDs concerned. Never values, never secrets. Used by one thread at a time.
 */
final class OpContext {
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password|pwd)=[^&;,)\\s]*");
  private final String operation;
  private final boolean batch;
  private String table;
  private String subject;

  OpContext(String operation, boolean batch, String subject) {
    this.operation = operation;
    this.batch = batch;
    this.subject = subject;
  }

  static OpContext read(String operation, Object subject) {
    return new OpContext(operation, false, String.valueOf(subject));
  }

  static OpContext write(String operation, Object subject) {
    return new OpContext(operation, true, String.valueOf(subject));
  }

  OpContext at(String table) {
    this.table = table;
    return this;
  }

  OpContext about(String subject) {
    this.subject = subject;
    return this;
  }

  String operation() {
    return operation;
  }

  /** A failure of this operation that is not from the database, for example a bad input. */
  MailStoreException failure(String reason) {
    return new MailStoreException(operation + " failed for " + subject + ": " + reason + suffix());
  }

  MailStoreException failure(SQLException e) {
    SQLException first = e;
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x.getSQLState() != null) {
        first = x;
        break;
      }
    }
    String message = operation + " failed" + (table == null ? "" : " on table " + table) + " for " + subject
        + ": SQLState " + first.getSQLState() + ", error code " + first.getErrorCode() + suffix();
    return new MailStoreException(message, first.getSQLState(), e);
  }

  /**
   * The database could not be reached for {@code waited} since the first failure of this call ({@code attempts}
   * attempts): the message names the last connection failure in one line, never a stack trace or a password.
   *
   * @param failure the connection failure found in {@code e}, which becomes the cause
   */
  MailStoreException unavailable(SQLException e, SQLException failure, Duration waited, int attempts) {
    String what = waited.isZero() ? "the database connection failed (connection retries are off)"
        : "the database did not answer for " + seconds(waited) + " (" + attempts + " attempts)";
    String message = operation + " failed" + (table == null ? "" : " on table " + table) + " for " + subject + ": "
        + what + ": " + oneLine(failure) + " (SQLState " + failure.getSQLState() + ", error code "
        + failure.getErrorCode() + ")" + suffix();
    return new MailStoreException(message, failure.getSQLState(), e, true);
  }

  private static String seconds(Duration waited) {
    long millis = waited.toMillis();
    return millis >= 10_000 || millis % 1000 == 0 ? (millis + 500) / 1000 + " s"
        : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /**
   * A driver's message: its first line, at most 300 characters, with any {@code password=...} masked; not the
   * message of a batch, which can quote the statement with its values.
   */
  static String oneLine(SQLException failure) {
    if (failure instanceof BatchUpdateException) return "a batch of statements failed";
    return oneLine(failure.getMessage());
  }

  private static String oneLine(String message) {
    if (message == null || message.isBlank()) return "no message";
    String line = message.strip().lines().findFirst().orElse("").strip();
    line = PASSWORD.matcher(line).replaceAll("$1=***");
    return line.length() <= 300 ? line : line.substring(0, 297) + "...";
  }

  MailStoreException failure(IOException e) {
    return new MailStoreException(operation + " failed for " + subject + ": bytes could not be read or written ("
        + e.getClass().getSimpleName() + ")" + suffix(), e);
  }

  private String suffix() {
    return batch ? " (nothing of this call was stored)" : "";
  }
}
