package io.mailmind.testkit;

import io.mailmind.core.internal.folder.ModifiedUtf7;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Lays out the files of a new instance: directories, users file, certificate, dovecot.conf; as root, also the
 * unprivileged mail user and the ownership of its Maildir. Also knows where a folder's Maildir is. Thread-safe.
 */
final class DovecotSetup {
  /** The unprivileged user mail processes run as when the tests run as root. */
  static final String MAIL_USER = "mailmind-test";
  /** The socket directory's path plus the longest socket name must stay under the 107-byte limit. */
  private static final int MAX_RUN_DIR = 70;
  private static final SecureRandom RANDOM = new SecureRandom();

  private DovecotSetup() {}

  /** A new instance's configuration, with every file it needs in place. */
  static DovecotConfig create(String user, String password, char separator, boolean layoutFs, boolean imaps,
      String capability, List<String> configLines) {
    boolean root = DovecotProcesses.runningAsRoot();
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    String instance = "mm-" + HexFormat.of().formatHex(random);
    Path dir = DovecotInstances.root(root).resolve(instance);
    Path runDir = dir.resolve("run").toString().length() <= MAX_RUN_DIR
        ? dir.resolve("run") : DovecotInstances.shortRunDir(instance);
    int port = DovecotProcesses.freePort();
    int imapsPort = imaps ? DovecotProcesses.freePort() : 0;
    String mailUser;
    String internalUser;
    String internalGroup = null;
    if (root) {
      // standard privilege separation with the package's users; mail never served as root
      DovecotProcesses.ensureSystemUser(MAIL_USER);
      mailUser = MAIL_USER;
      internalUser = "dovecot";
    } else {
      // rootless: every process runs as the current user
      mailUser = DovecotProcesses.run("id", "-un");
      internalUser = mailUser;
      internalGroup = DovecotProcesses.run("id", "-gn");
    }
    DovecotConfig config = new DovecotConfig(instance, dir, runDir, port, imapsPort, !root, internalUser,
        internalGroup, separator, layoutFs, capability, List.copyOf(configLines));
    try {
      writeFiles(config, root, user, password, mailUser);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
    return config;
  }

  private static void writeFiles(DovecotConfig config, boolean root, String user, String password, String mailUser)
      throws IOException {
    Path dir = config.dir();
    for (Path d : List.of(dir, dir.resolve("state"), config.mailRoot(), config.runDir())) {
      Files.createDirectories(d);
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    DovecotInstances.claim(dir);
    DovecotInstances.claimRunDir(config);
    Path home = config.mailRoot().resolve(user);
    Files.createDirectories(home);
    String uid = DovecotProcesses.run("id", "-u", mailUser);
    String gid = DovecotProcesses.run("id", "-g", mailUser);
    // passwd-file: user:{scheme}password:uid:gid:gecos:home:shell:extra
    Files.writeString(config.usersFile(),
        user + ":{PLAIN}" + password + ":" + uid + ":" + gid + "::" + home + "::\n", StandardCharsets.UTF_8);
    PosixFileAttributeView users = Files.getFileAttributeView(config.usersFile(), PosixFileAttributeView.class);
    UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
    if (root) {
      // the auth process runs as dovecot and reads it; nobody else may
      users.setGroup(lookup.lookupPrincipalByGroupName("dovecot"));
      users.setPermissions(PosixFilePermissions.fromString("rw-r-----"));
      PosixFileAttributeView homeView = Files.getFileAttributeView(home, PosixFileAttributeView.class);
      homeView.setOwner(lookup.lookupPrincipalByName(mailUser));
      homeView.setGroup(lookup.lookupPrincipalByGroupName(DovecotProcesses.run("id", "-gn", mailUser)));
    } else {
      users.setPermissions(PosixFilePermissions.fromString("rw-------"));
    }
    if (config.imapsPort() > 0) makeCertificate(config);
    Files.writeString(config.configFile(), config.render(), StandardCharsets.UTF_8);
  }

  private static void makeCertificate(DovecotConfig config) throws IOException {
    Files.createDirectories(config.certificate().getParent());
    try {
      DovecotProcesses.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
          "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
          "-keyout", config.privateKey().toString(), "-out", config.certificate().toString());
    } catch (RuntimeException e) {
      throw new IllegalStateException("IMAPS needs openssl to make a self-signed certificate: " + e.getMessage(), e);
    }
    Files.setPosixFilePermissions(config.privateKey(), PosixFilePermissions.fromString("rw-------"));
  }

  /** The Maildir of a folder ({@code /}-separated decoded name); Dovecot keeps names in modified UTF-7 on disk. */
  static Path maildir(DovecotConfig config, String user, String folder) {
    Path home = config.mailRoot().resolve(user);
    if (folder.equalsIgnoreCase("INBOX")) return home;
    List<String> levels = new ArrayList<>();
    for (String level : folder.split("/", -1)) {
      levels.add(ModifiedUtf7.encode(level));
    }
    return config.layoutFs() ? home.resolve(String.join("/", levels)) : home.resolve("." + String.join(".", levels));
  }

  /** Removes Dovecot's UID list and indexes in one directory (not recursively). Only with the server stopped. */
  static void deleteIndexes(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("dovecot-uidlist") || name.startsWith("dovecot.index")
            || name.startsWith("dovecot.list.index")) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the indexes in " + dir, e);
    }
  }
}
