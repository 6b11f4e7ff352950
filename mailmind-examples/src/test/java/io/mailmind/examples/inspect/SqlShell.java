package io.mailmind.examples.inspect;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Someone looking at the database from another process, as with H2's Shell or the sqlite3 shell: the child opens
 * one connection to the URL of its first argument and keeps it open, runs each SQL line of stdin and prints the
 * first column of each row (or {@code ok}), then {@code .} after each statement, {@code error <SQLState>
 * <message>} when it fails; it ends at the end of stdin. {@link #open} starts such a child from a test.
 */
public final class SqlShell implements Closeable {
  private final Process process;
  private final PrintStream in;
  private final BlockingQueue<String> out = new LinkedBlockingQueue<>();

  private SqlShell(Process process) {
    this.process = process;
    this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) out.add(line);
      } catch (IOException e) {
        // the child ended
      }
    }, "sql-shell-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** A child JVM connected to {@code url}, once its connection is open. */
  public static SqlShell open(String url, Path stderr) throws IOException, InterruptedException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", classpath, SqlShell.class.getName(), url)
        .redirectError(stderr.toFile()).start();
    SqlShell shell = new SqlShell(process);
    List<String> greeting = shell.await();
    if (!greeting.equals(List.of("connected"))) {
      throw new IllegalStateException("the shell did not connect: " + greeting);
    }
    return shell;
  }

  /** Runs one statement in the child; its output lines ({@code error ...} when it failed). */
  public List<String> run(String sql) throws InterruptedException {
    in.println(sql);
    return await();
  }

  private List<String> await() throws InterruptedException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = out.poll(60, TimeUnit.SECONDS);
      if (line == null) throw new IllegalStateException("the shell did not answer; so far " + lines);
      if (line.equals(".")) return lines;
      lines.add(line);
    }
  }

  /** Ends the child (end of stdin: it closes its connection) and waits for it. */
  @Override
  public void close() {
    in.close();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    try (Connection connection = DriverManager.getConnection(args[0]);
         BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      out.println("connected");
      out.println(".");
      out.flush();
      for (String sql = stdin.readLine(); sql != null; sql = stdin.readLine()) {
        try (Statement statement = connection.createStatement()) {
          if (statement.execute(sql)) {
            try (ResultSet rows = statement.getResultSet()) {
              while (rows.next()) out.println(rows.getString(1));
            }
          } else {
            out.println("ok");
          }
        } catch (SQLException e) {
          out.println("error " + e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse(""));
        }
        out.println(".");
        out.flush();
      }
    } catch (SQLException e) {
      out.println("error " + e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse(""));
      out.println(".");
      out.flush();
    }
  }
}
