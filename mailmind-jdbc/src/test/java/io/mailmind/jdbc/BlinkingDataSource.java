package io.mailmind.jdbc;

import io.mailmind.testkit.DelegatingDataSource;
import io.mailmind.testkit.TcpFaultProxy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A DataSource through a {@link TcpFaultProxy} that makes the database blink at a chosen moment: when armed, the
 * next {@code executeBatch} (inside a store's write transaction) first runs an outage on the proxy, for example
 * {@code dropAll} and {@code refuseFor}, then goes on, on the connection that is now dead. Counts the connections
 * that could not be opened. Thread-safe.
 */
final class BlinkingDataSource extends DelegatingDataSource {
  private final AtomicReference<Runnable> outage = new AtomicReference<>();
  private final AtomicInteger blinks = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  BlinkingDataSource(DataSource delegate) {
    super(delegate);
  }

  /** Runs {@code outage} at the next executeBatch, once. */
  void blinkAtNextBatch(Runnable outage) {
    this.outage.set(outage);
  }

  int blinks() {
    return blinks.get();
  }

  /** getConnection calls that failed. */
  int refused() {
    return refused.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection;
    try {
      connection = delegate.getConnection();
    } catch (SQLException e) {
      refused.incrementAndGet();
      throw e;
    }
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          Object result = invoke(connection, method, args);
          if (result instanceof Statement statement) return watched(statement, method.getReturnType());
          return result;
        });
  }

  private Object watched(Statement statement, Class<?> type) {
    return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.getName().equals("executeBatch")) {
        Runnable now = outage.getAndSet(null);
        if (now != null) {
          now.run();
          blinks.incrementAndGet();
        }
      }
      return invoke(statement, method, args);
    });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }








}
