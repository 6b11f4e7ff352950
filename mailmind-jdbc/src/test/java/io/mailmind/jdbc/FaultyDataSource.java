package io.mailmind.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource over a real database whose statements fail the next {@code failures} executeBatch calls with a
 * given SQLState, as a deadlock victim would: a real database cannot be made to pick our transaction as the
 * victim on demand.
 */
final class FaultyDataSource implements DataSource {
  private final DataSource delegate;
  private final String sqlState;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();

  FaultyDataSource(DataSource delegate, String sqlState) {
    this.delegate = delegate;
    this.sqlState = sqlState;
  }

  void failNextBatches(int count) {
    failures.set(count);
  }

  int injected() {
    return injected.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = delegate.getConnection();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          Object result = invoke(connection, method, args);
          if (result instanceof Statement statement && method.getName().equals("prepareStatement")) {
            return wrap(statement, method.getReturnType());
          }
          return result;
        });
  }

  private Object wrap(Statement statement, Class<?> type) {
    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.getName().equals("executeBatch") && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        injected.incrementAndGet();
        statement.clearBatch();
        throw new SQLException("injected: deadlock detected", sqlState);
      }
      return invoke(statement, method, args);
    });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Connection getConnection(String username, String password) {
    throw new UnsupportedOperationException();
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
