package io.mailmind.jdbc.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection inside one transaction; it may run again when the transaction is retried. */
@FunctionalInterface
interface Work<T> {
  T run(Connection connection) throws SQLException, IOException;
}
