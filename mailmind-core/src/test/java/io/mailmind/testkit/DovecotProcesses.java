package io.mailmind.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Operating-system chores of {@link DovecotServer}: commands, users, free ports, and finding and killing the
 * processes of one instance (and only those). Stateless and thread-safe.
 */
final class DovecotProcesses {
  private DovecotProcesses() {}

  /** The output of a short command; throws when it fails. */
  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed with exit status "
            + process.exitValue() + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }

  /** The output of a command, or empty when it cannot be run or fails. */
  static Optional<String> tryRun(String... command) {
    try {
      return Optional.of(run(command));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static boolean runningAsRoot() {
    return tryRun("id", "-u").map("0"::equals).orElse(false);
  }

  /** Creates an unprivileged system user without home or shell unless it exists. Needs root. */
  static void ensureSystemUser(String name) {
    if (tryRun("id", "-u", name).isPresent()) return;
    try {
      run("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
          "/usr/sbin/nologin", name);
    } catch (RuntimeException e) {
      // another JVM may have created it meanwhile
      if (tryRun("id", "-u", name).isEmpty()) {
        throw new IllegalStateException("cannot create the mail user '" + name + "' (Dovecot refuses to serve "
            + "mail as root): " + e.getMessage(), e);
      }
    }
  }

  /** A TCP port that was free on 127.0.0.1 a moment ago. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /**
   * The processes of one instance: on Linux every process whose title names the instance
   * ({@code dovecot-<instance>/imap}, ...) or whose command line is the master on this configuration; elsewhere
   * only the descendants of {@code master}.
   */
  static List<ProcessHandle> instanceProcesses(String instance, Path configFile, ProcessHandle master) {
    List<ProcessHandle> result = new ArrayList<>();
    if (master != null) {
      result.add(master);
      master.descendants().forEach(result::add);
    }
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) return result;
    String title = instance + "/";
    String config = " -c " + configFile + " ";
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (pid == self) continue;
        String cmdline = readCmdline(entry);
        boolean ours = cmdline.startsWith("dovecot-" + title) || cmdline.startsWith(title)
            || (cmdline.contains("dovecot") && (cmdline + " ").contains(config));
        if (ours) ProcessHandle.of(pid).ifPresent(handle -> {
          if (!result.contains(handle)) result.add(handle);
        });
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: the master's descendants are already in the list
    }
    return result;
  }

  private static String readCmdline(Path procEntry) {
    try {
      return new String(Files.readAllBytes(procEntry.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  /** SIGKILLs the processes and waits (up to 10 s) until they are gone. */
  static void killAll(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroyForcibly);
    // polling: onExit() of a process that is not our child polls slowly
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (processes.stream().anyMatch(DovecotProcesses::alive) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * True while the process runs. Unlike {@link ProcessHandle#isAlive()}, a zombie counts as dead: killed orphans
   * wait as zombies until init reaps them, which some container inits do only every few seconds.
   */
  static boolean alive(ProcessHandle process) {
    if (!process.isAlive()) return false;
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    try {
      String text = Files.readString(stat, StandardCharsets.ISO_8859_1);
      int end = text.lastIndexOf(')'); // the command name in parentheses may contain spaces
      return end < 0 || end + 2 >= text.length() || text.charAt(end + 2) != 'Z';
    } catch (IOException | SecurityException e) {
      return Files.isDirectory(Path.of("/proc")) ? Files.exists(stat) : process.isAlive();
    }
  }

  /** Deletes a directory tree; best effort. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

  /** The last lines of a text file, or a note that it is absent. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")";
    }
  }
}
