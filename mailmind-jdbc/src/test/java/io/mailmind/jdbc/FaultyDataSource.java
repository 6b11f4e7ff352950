package io.mailmind.jdbc;

import io.mailmind.testkit.DelegatingDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A DataSource over a real database whose statements fail the next {@code failures} executeBatch calls with a
 * given SQLState, as a deadlock victim would: a real database cannot be made to pick our transaction as the
 * victim on demand.
 */
final class FaultyDataSource extends DelegatingDataSource {
  private final String sqlState;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();

  FaultyDataSource(DataSource delegate, String sqlState) {
    super(delegate);
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








}
