package io.mailmind.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where instances live, and the bookkeeping that leaves no Dovecot behind: the servers of this JVM (ended by a
 * shutdown hook), and the instances of JVMs that died before their hook ran (ended by the next JVM). Thread-safe.
 */
final class DovecotInstances {
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/+-]+");
  private static final String OWNER = "owner.pid";
  private static final String SHORT_RUN_PREFIX = "mm-dovecot-run-";
  private static final Set<DovecotServer> RUNNING = ConcurrentHashMap.newKeySet();
  /** The socket directories in /tmp of this JVM's instances that are not closed yet. */
  private static final Set<Path> SHORT_RUN_DIRS = ConcurrentHashMap.newKeySet();
  private static boolean hooked;
  private static boolean cleaned;

  private DovecotInstances() {}

  static synchronized void register(DovecotServer server) {
    RUNNING.add(server);
    hook();
  }

  /** Once per JVM: at exit, end the servers still running, then remove the socket directories left in /tmp. */
  private static synchronized void hook() {
    if (hooked) return;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      RUNNING.forEach(DovecotServer::shutdownNow);
      SHORT_RUN_DIRS.forEach(DovecotProcesses::deleteTree);
    }, "dovecot-shutdown"));
    hooked = true;
  }

  static void unregister(DovecotServer server) {
    RUNNING.remove(server);
  }

  /**
   * {@code <mailmind.buildDir>/dovecot}, else {@code <java.io.tmpdir>/mailmind-dovecot}; {@code /tmp/mailmind-dovecot}
   * when that path has characters Dovecot's configuration cannot take, or (as root) a parent directory that the
   * mail user and Dovecot's users cannot traverse (a checkout under /root, for example).
   */
  static Path root(boolean root) {
    String buildDir = System.getProperty("mailmind.buildDir", "");
    Path preferred = (buildDir.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "mailmind-dovecot")
        : Path.of(buildDir, "dovecot")).toAbsolutePath().normalize();
    if (SAFE_PATH.matcher(preferred.toString()).matches() && (!root || traversable(preferred))) return preferred;
    return Path.of("/tmp", "mailmind-dovecot");
  }

  /** The socket directory of an instance whose own directory is too deep for socket paths. */
  static Path shortRunDir(String instance) {
    return Path.of("/tmp", SHORT_RUN_PREFIX + instance);
  }

  /**
   * Marks the socket directory of a new instance as this JVM's when it lies outside the instance directory (see
   * {@link #shortRunDir}): {@link #release} removes it when the server is closed, the shutdown hook at exit, and the
   * next JVM if this one is killed first.
   */
  static void claimRunDir(DovecotConfig config) throws IOException {
    if (config.runDir().startsWith(config.dir())) return;
    SHORT_RUN_DIRS.add(config.runDir());
    hook();
    claim(config.runDir());
  }

  /**
   * Called when a server is closed (its processes are gone): removes its socket directory if it lies outside the
   * instance directory. The instance directory, with the log, stays for post-mortems until the next JVM that
   * starts a server removes it.
   */
  static void release(DovecotConfig config) {
    if (config.runDir().startsWith(config.dir())) return;
    DovecotProcesses.deleteTree(config.runDir());
    SHORT_RUN_DIRS.remove(config.runDir());
  }

  /** True when every existing ancestor lets others search it (o+x). */
  private static boolean traversable(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (!Files.exists(p)) continue;
      try {
        if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) return false;
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return true;
  }

  /** Marks the instance directory as this JVM's. */
  static void claim(Path dir) throws IOException {
    Files.writeString(dir.resolve(OWNER), Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
  }

  /**
   * Once per JVM: ends the processes of instances whose JVM is gone (killed before its shutdown hook ran) and
   * removes their directories. Instances of live JVMs are left alone.
   */
  static synchronized void cleanUpAfterDeadJvms() {
    if (cleaned) return;
    cleaned = true;
    for (Path dir : new java.util.LinkedHashSet<>(java.util.List.of(root(true), root(false)))) {
      if (!Files.isDirectory(dir)) continue;
      try (var entries = Files.list(dir)) {
        for (Path instance : entries.filter(p -> p.getFileName().toString().startsWith("mm-")).toList()) {
          cleanUpIfOrphaned(instance);
        }
      } catch (IOException e) {
        // best effort
      }
    }
    cleanUpOrphanedRunDirs();
  }

  /**
   * Ends the processes and removes the socket directories in /tmp of instances whose JVM is gone. Their instance
   * directory may be elsewhere (another module's build directory) or gone (mvn clean): the owner.pid in the socket
   * directory says whether the JVM that made it is still alive.
   */
  static void cleanUpOrphanedRunDirs() {
    try (var entries = Files.list(Path.of("/tmp"))) {
      for (Path runDir : entries.filter(p -> p.getFileName().toString().startsWith(SHORT_RUN_PREFIX)).toList()) {
        if (!orphaned(runDir)) continue;
        String instance = runDir.getFileName().toString().substring(SHORT_RUN_PREFIX.length());
        DovecotProcesses.killAll(DovecotProcesses.instanceProcesses(instance, runDir.resolve("none"), null));
        DovecotProcesses.deleteTree(runDir);
      }
    } catch (IOException | UncheckedIOException | SecurityException e) {
      // best effort
    }
  }

  /** True when the JVM that made the directory is gone (or never wrote its pid, more than two minutes ago). */
  private static boolean orphaned(Path dir) {
    try {
      long owner = Long.parseLong(Files.readString(dir.resolve(OWNER)).trim());
      return !ProcessHandle.of(owner).map(DovecotProcesses::alive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      // no owner yet: orphaned unless another JVM is creating it right now
      try {
        return !Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minusSeconds(120));
      } catch (IOException gone) {
        return false;
      }
    }
  }

  private static void cleanUpIfOrphaned(Path instanceDir) {
    if (!orphaned(instanceDir)) return;
    String instance = instanceDir.getFileName().toString();
    DovecotProcesses.killAll(DovecotProcesses.instanceProcesses(instance, instanceDir.resolve("dovecot.conf"),
        null));
    DovecotProcesses.deleteTree(shortRunDir(instance));
    DovecotProcesses.deleteTree(instanceDir);
  }
}
