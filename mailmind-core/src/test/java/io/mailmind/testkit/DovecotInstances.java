package io.mailmind.testkit;

import java.io.IOException;
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
  private static final Set<DovecotServer> RUNNING = ConcurrentHashMap.newKeySet();
  private static boolean hooked;
  private static boolean cleaned;

  private DovecotInstances() {}

  static synchronized void register(DovecotServer server) {
    RUNNING.add(server);
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(DovecotServer::shutdownNow),
          "dovecot-shutdown"));
      hooked = true;
    }
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
    return Path.of("/tmp", "mm-dovecot-run-" + instance);
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
  }

  private static void cleanUpIfOrphaned(Path instanceDir) {
    try {
      long owner = Long.parseLong(Files.readString(instanceDir.resolve(OWNER)).trim());
      if (ProcessHandle.of(owner).map(DovecotProcesses::alive).orElse(false)) return;
    } catch (IOException | NumberFormatException e) {
      // no owner yet: orphaned unless another JVM is creating it right now
      try {
        if (Files.getLastModifiedTime(instanceDir).toInstant().isAfter(Instant.now().minusSeconds(120))) return;
      } catch (IOException gone) {
        return;
      }
    }
    String instance = instanceDir.getFileName().toString();
    DovecotProcesses.killAll(DovecotProcesses.instanceProcesses(instance, instanceDir.resolve("dovecot.conf"),
        null));
    DovecotProcesses.deleteTree(shortRunDir(instance));
    DovecotProcesses.deleteTree(instanceDir);
  }
}
