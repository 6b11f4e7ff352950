package io.mailmind.jdbc;

import io.mailmind.testkit.DelegatingDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A DataSource that counts the connections handed out and not yet closed (to catch leaks). */
final class CountingDataSource extends DelegatingDataSource {
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();

  CountingDataSource(DataSource delegate) {
    super(delegate);
  }

  int open() {
    return open.get();
  }

  int opened() {
    return opened.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return track(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return track(delegate.getConnection(username, password));
  }

  private Connection track(Connection connection) {
    open.incrementAndGet();
    opened.incrementAndGet();
    boolean[] closed = {false};
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("close") && !closed[0]) {
        closed[0] = true;
        open.decrementAndGet();
      }
      try {
        return method.invoke(connection, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }







}
