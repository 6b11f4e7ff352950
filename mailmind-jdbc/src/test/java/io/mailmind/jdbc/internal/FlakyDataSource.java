package io.mailmind.jdbc.internal;

import io.mailmind.testkit.DelegatingDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A DataSource over a real (H2) database that fails the way a database that blinks does: {@link #downWhile refuses
 * connections} while a condition holds, and breaks the {@link #breakNext next connections} at a chosen point (a
 * statement, or COMMIT after the commit happened). Counts the connections it handed out and those closed.
 * Thread-safe.
 */
final class FlakyDataSource extends DelegatingDataSource {
  /** Where a broken connection fails. */
  enum Point { STATEMENT, AFTER_COMMIT }

  private record Fault(Point point, Supplier<SQLException> failure) {}

  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger requested = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private volatile BooleanSupplier down = () -> false;
  private volatile Supplier<SQLException> refusal = () -> new SQLException("Connection refused", "08001");

  FlakyDataSource(DataSource delegate) {
    super(delegate);
  }

  /** New connections fail with {@code refusal} while {@code condition} holds. */
  void downWhile(BooleanSupplier condition, Supplier<SQLException> refusal) {
    this.refusal = refusal;
    this.down = condition;
  }

  /** The next connection handed out fails at {@code point} with {@code failure} (once; call again for more). */
  synchronized void breakNext(Point point, Supplier<SQLException> failure) {
    faults.add(new Fault(point, failure));
  }

  /** getConnection calls, refused ones included. */
  int requested() {
    return requested.get();
  }

  int opened() {
    return opened.get();
  }

  int closed() {
    return closed.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    requested.incrementAndGet();
    if (down.getAsBoolean()) throw refusal.get();
    Fault fault;
    synchronized (this) {
      fault = faults.poll();
    }
    Connection connection = delegate.getConnection();
    opened.incrementAndGet();
    Fault armed = fault;
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "close" -> {
              if (!connection.isClosed()) closed.incrementAndGet();
            }
            case "commit" -> {
              if (armed != null && armed.point() == Point.AFTER_COMMIT) {
                connection.commit();
                throw armed.failure().get();
              }
            }
            default -> { }
          }
          Object result = invoke(connection, method, args);
          if (armed != null && armed.point() == Point.STATEMENT && result instanceof Statement statement) {
            return failing(statement, method.getReturnType(), armed.failure());
          }
          return result;
        });
  }

  private static Object failing(Statement statement, Class<?> type, Supplier<SQLException> failure) {
    return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.getName().startsWith("execute")) throw failure.get();
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
