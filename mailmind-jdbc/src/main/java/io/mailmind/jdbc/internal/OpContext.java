package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import java.io.IOException;
import java.sql.SQLException;

/**
 * What a store operation is doing, for its error message: the operation, the table it is writing or reading
 * and the account, folder and UIDs concerned. Never values, never secrets. Used by one thread at a time.
 */
final class OpContext {
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

  MailStoreException failure(IOException e) {
    return new MailStoreException(operation + " failed for " + subject + ": bytes could not be read or written ("
        + e.getClass().getSimpleName() + ")" + suffix(), e);
  }

  private String suffix() {
    return batch ? " (nothing of this call was stored)" : "";
  }
}
