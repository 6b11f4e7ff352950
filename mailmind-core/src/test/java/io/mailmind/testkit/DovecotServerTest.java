package io.mailmind.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DovecotServerTest {
  private static DovecotServer dovecot;

  @BeforeAll
  static void startServer() {
    dovecot = DovecotServer.startOrSkip();
  }

  @AfterAll
  static void stopServer() {
    if (dovecot != null) dovecot.close();
  }

  static byte[] message(String subject, String body) {
    return ("From: Jörg Müller <joerg@example.de>\r\n"
        + "To: test@example.org\r\n"
        + "Subject: " + subject + "\r\n"
        + "Message-ID: <" + Math.abs(subject.hashCode()) + "@example.org>\r\n"
        + "Date: Fri, 01 Mar 2024 09:15:00 +0000\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n"
        + "\r\n"
        + body + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] raw(Message message) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void listensOnLoopbackWithTheTestUser() {
    assertThat(dovecot.host()).isEqualTo("127.0.0.1");
    assertThat(dovecot.port()).isGreaterThan(1024);
    assertThat(dovecot.isRunning()).isTrue();
    assertThat(ExternalServers.reachable("127.0.0.1", dovecot.port())).isTrue();
    assertThat(dovecot.toString()).doesNotContain(dovecot.password());
  }

  @Test
  void listShowsTheSpecialUseFolders() throws Exception {
    Map<String, List<String>> attributes = new HashMap<>();
    try (Store store = dovecot.openStore()) {
      for (Folder folder : store.getDefaultFolder().list("*")) {
        attributes.put(folder.getFullName(), List.of(((IMAPFolder) folder).getAttributes()));
      }
      assertThat(store.getDefaultFolder().getSeparator()).isEqualTo('/');
    }
    assertThat(attributes).containsKeys("INBOX", "Sent", "Drafts", "Archive", "Trash", "Junk");
    assertThat(attributes.get("Sent")).contains("\\Sent");
    assertThat(attributes.get("Drafts")).contains("\\Drafts");
    assertThat(attributes.get("Archive")).contains("\\Archive");
    assertThat(attributes.get("Trash")).contains("\\Trash");
    assertThat(attributes.get("Junk")).contains("\\Junk");
  }

  @Test
  void advertisesIdleCondstoreQresyncAfterLogin() throws Exception {
    assertThat(dovecot.capabilities()).contains("IMAP4rev1", "IDLE", "CONDSTORE", "QRESYNC", "MOVE", "UIDPLUS",
        "SPECIAL-USE", "ENABLE");
    try (IMAPStore store = (IMAPStore) dovecot.openStore()) {
      assertThat(store.hasCapability("QRESYNC")).isTrue();
    }
  }

  @Test
  void appendedMessageReadsBackByteForByteWithFlagsAndInternalDate() throws Exception {
    byte[] rfc822 = message("Grüße aus München", "Hällo wörld");
    Instant internalDate = Instant.parse("2024-03-01T09:15:02Z");
    long uid = dovecot.append("Archive", rfc822, internalDate, "\\Seen", "$Forwarded");
    try (Store store = dovecot.openStore()) {
      IMAPFolder folder = (IMAPFolder) store.getFolder("Archive");
      folder.open(Folder.READ_ONLY);
      Message message = folder.getMessageByUID(uid);
      assertThat(raw(message)).isEqualTo(rfc822);
      assertThat(message.getFlags().contains(Flags.Flag.SEEN)).isTrue();
      assertThat(message.getFlags().contains("$Forwarded")).isTrue();
      assertThat(message.getReceivedDate().toInstant()).isEqualTo(internalDate);
      folder.close(false);
    }
  }

  @Test
  void managesFoldersWithNonAsciiNames() {
    dovecot.createFolder("Projekte/München");
    assertThat(dovecot.folders()).contains("Projekte", "Projekte/München");
    long uid = dovecot.append("Projekte/München", message("in München", "x"));
    dovecot.renameFolder("Projekte/München", "Projekte/日本語");
    assertThat(dovecot.folders()).contains("Projekte/日本語").doesNotContain("Projekte/München");
    assertThat(dovecot.uids("Projekte/日本語")).containsExactly(uid);
    dovecot.deleteFolder("Projekte");
    assertThat(dovecot.folders()).noneMatch(name -> name.startsWith("Projekte"));
  }

  @Test
  void setsAndClearsFlags() throws Exception {
    dovecot.createFolder("Flags");
    long uid = dovecot.append("Flags", message("flags", "x"));
    dovecot.setFlags("Flags", uid, true, "\\Flagged", "\\Answered", "Work");
    dovecot.setFlags("Flags", uid, false, "\\Answered");
    try (Store store = dovecot.openStore()) {
      IMAPFolder folder = (IMAPFolder) store.getFolder("Flags");
      folder.open(Folder.READ_ONLY);
      Flags flags = folder.getMessageByUID(uid).getFlags();
      assertThat(flags.contains(Flags.Flag.FLAGGED)).isTrue();
      assertThat(flags.contains(Flags.Flag.ANSWERED)).isFalse();
      assertThat(flags.contains("Work")).isTrue();
      folder.close(false);
    }
    assertThatThrownBy(() -> dovecot.setFlags("Flags", uid, true, "\\Recent"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dovecot.setFlags("Flags", 9999, true, "\\Seen"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no message with UID 9999");
  }

  @Test
  void expungesAndMovesByUid() {
    dovecot.createFolder("Moves");
    long first = dovecot.append("Moves", message("one", "1"));
    long second = dovecot.append("Moves", message("two", "2"));
    long third = dovecot.append("Moves", message("three", "3"));
    dovecot.expunge("Moves", first);
    assertThat(dovecot.uids("Moves")).containsExactly(second, third);
    List<Long> trashBefore = dovecot.uids("Trash");
    long moved = dovecot.move("Moves", third, "Trash");
    assertThat(dovecot.uids("Moves")).containsExactly(second);
    assertThat(moved).isPositive();
    assertThat(dovecot.uids("Trash")).hasSize(trashBefore.size() + 1).contains(moved);
  }

  @Test
  void recreatingAFolderChangesItsUidValidityAndEmptiesIt() {
    dovecot.createFolder("Recreated");
    dovecot.append("Recreated", message("old", "x"));
    long before = dovecot.uidValidity("Recreated");
    long after = dovecot.recreateFolder("Recreated");
    assertThat(after).isNotEqualTo(before).isEqualTo(dovecot.uidValidity("Recreated"));
    assertThat(dovecot.uids("Recreated")).isEmpty();
  }

  @Test
  void restartKeepsPortMailAndUidValidity() {
    dovecot.createFolder("Kept");
    long uid = dovecot.append("Kept", message("kept", "x"));
    long uidValidity = dovecot.uidValidity("Kept");
    int port = dovecot.port();
    dovecot.restart();
    assertThat(dovecot.isRunning()).isTrue();
    assertThat(dovecot.port()).isEqualTo(port);
    assertThat(dovecot.uids("Kept")).containsExactly(uid);
    assertThat(dovecot.uidValidity("Kept")).isEqualTo(uidValidity);
  }

  @Test
  void resetUidValidityKeepsTheMessagesOfInbox() {
    dovecot.append("INBOX", message("survivor", "x"));
    int count = dovecot.uids("INBOX").size();
    long before = dovecot.uidValidity("INBOX");
    long after = dovecot.resetUidValidity("INBOX");
    assertThat(after).isNotEqualTo(before);
    assertThat(dovecot.uids("INBOX")).hasSize(count);
  }

  @Test
  void killDropsClientsAndLeavesNoProcessUntilRestart() throws Exception {
    long uid = dovecot.append("INBOX", message("before the crash", "x"));
    try (Store store = dovecot.openStore()) {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      dovecot.kill();
      assertThat(dovecot.isRunning()).isFalse();
      assertThat(processesOf(dovecot)).isEmpty();
      assertThat(ExternalServers.reachable("127.0.0.1", dovecot.port())).isFalse();
      assertThatThrownBy(() -> inbox.getMessageByUID(uid).getSubject()).isInstanceOf(MessagingException.class);
    }
    dovecot.restart();
    assertThat(dovecot.uids("INBOX")).contains(uid);
  }

  @Test
  void rejectsUnsafeCredentials() {
    assertThatThrownBy(() -> DovecotServer.builder().password("a:b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("a:b");
    assertThatThrownBy(() -> DovecotServer.builder().user("has space"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DovecotServer.builder().separator('\\'))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void supportsTheConfigurationSyntaxOf22And23Only() {
    assertThat(DovecotServer.supportedVersion("2.3.19.1 (9b53102964)")).isTrue();
    assertThat(DovecotServer.supportedVersion("2.2.33.2 (d6601f4ec)")).isTrue();
    assertThat(DovecotServer.supportedVersion("2.4.1-4 (7d8c0e5759)")).isFalse();
    assertThat(DovecotServer.supportedVersion("")).isFalse();
  }

  static List<ProcessHandle> processesOf(DovecotServer server) {
    return DovecotProcesses.instanceProcesses(server.instance(), server.directory().resolve("dovecot.conf"), null)
        .stream().filter(DovecotProcesses::alive).toList();
  }

  /** Servers of their own: each starts and stops once. */
  @Nested
  class Variants {
    @Test
    void closeEndsEveryProcessOfTheInstanceAndNoOther() {
      DovecotServer other = DovecotServer.startOrSkip();
      try (DovecotServer server = DovecotServer.startOrSkip()) {
        server.append("INBOX", message("busy", "x"));
        assertThat(processesOf(server)).isNotEmpty();
        server.close();
        assertThat(processesOf(server)).isEmpty();
        assertThat(ExternalServers.reachable("127.0.0.1", server.port())).isFalse();
        assertThat(other.isRunning()).isTrue();
        assertThat(other.uids("INBOX")).isEmpty();
        server.close(); // idempotent
      } finally {
        other.close();
      }
      assertThat(dovecot.isRunning()).isTrue();
    }

    @Test
    void hidesCapabilitiesOnRequest() throws Exception {
      try (DovecotServer server = DovecotServer.builder().withoutCapabilities("condstore", "QRESYNC")
          .startOrSkip()) {
        assertThat(server.capabilities()).contains("IMAP4rev1", "IDLE", "MOVE").doesNotContain("CONDSTORE",
            "QRESYNC");
        try (IMAPStore store = (IMAPStore) server.openStore()) {
          assertThat(store.hasCapability("CONDSTORE")).isFalse();
          assertThat(store.hasCapability("IDLE")).isTrue();
        }
      }
    }

    @Test
    void appendsConfigLines() {
      try (DovecotServer server = DovecotServer.builder().configLines("imap_capability = +XMAILMIND-TEST")
          .startOrSkip()) {
        assertThat(server.capabilities()).contains("XMAILMIND-TEST", "IDLE", "CONDSTORE");
      }
    }

    @Test
    void usesDotAsSeparatorOnRequest() throws Exception {
      try (DovecotServer server = DovecotServer.builder().separator('.').startOrSkip()) {
        server.createFolder("Work/Projects");
        long uid = server.append("Work/Projects", message("dotted", "x"));
        assertThat(server.folders()).contains("Work", "Work/Projects", "Sent");
        try (Store store = server.openStore()) {
          assertThat(store.getDefaultFolder().getSeparator()).isEqualTo('.');
          Folder folder = store.getFolder("Work.Projects");
          folder.open(Folder.READ_ONLY);
          assertThat(((IMAPFolder) folder).getUID(folder.getMessage(1))).isEqualTo(uid);
          folder.close(false);
        }
      }
    }

    @Test
    void allowsDotsInNamesWithLayoutFs() {
      try (DovecotServer server = DovecotServer.builder().layoutFs().startOrSkip()) {
        server.createFolder("Releases/v1.2");
        server.append("Releases/v1.2", message("dot", "x"));
        assertThat(server.folders()).contains("Releases/v1.2");
        assertThat(server.resetUidValidity("Releases/v1.2")).isPositive();
        assertThat(server.uids("Releases/v1.2")).hasSize(1);
      }
    }

    @Test
    void servesImapsWithASelfSignedCertificate() throws Exception {
      try (DovecotServer server = DovecotServer.builder().imaps().startOrSkip()) {
        assertThat(server.imapsPort()).isPositive().isNotEqualTo(server.port());
        assertThat(server.certificate()).exists();
        Properties props = new Properties();
        props.setProperty("mail.imaps.ssl.trust", "127.0.0.1");
        props.setProperty("mail.imaps.connectiontimeout", "10000");
        props.setProperty("mail.imaps.timeout", "10000");
        try (Store store = Session.getInstance(props).getStore("imaps")) {
          store.connect(server.host(), server.imapsPort(), server.user(), server.password());
          assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
      }
    }

    @Test
    void aDeepInstanceDirectoryKeepsItsSocketsInTmpUntilClosed() throws Exception {
      String buildDir = System.getProperty("mailmind.buildDir");
      Path base = Path.of(buildDir == null || buildDir.isBlank() ? System.getProperty("java.io.tmpdir") : buildDir);
      Path deep = base.resolve("a-build-directory-too-deep-for-dovecot-socket-paths").toAbsolutePath();
      DovecotServer server;
      System.setProperty("mailmind.buildDir", deep.toString());
      try {
        server = DovecotServer.startOrSkip();
      } finally {
        if (buildDir == null) {
          System.clearProperty("mailmind.buildDir");
        } else {
          System.setProperty("mailmind.buildDir", buildDir);
        }
      }
      Path runDir = DovecotInstances.shortRunDir(server.instance());
      try {
        assertThat(server.directory()).startsWith(deep);
        assertThat(runDir).isDirectory();
        server.append("INBOX", message("deep", "x"));
        assertThat(server.uids("INBOX")).hasSize(1);
      } finally {
        server.close();
      }
      assertThat(runDir).as("the socket directory in /tmp is removed on close").doesNotExist();
      assertThat(server.directory()).as("the instance directory stays for post-mortems").isDirectory();
    }
  }

  @Test
  void removesTheSocketDirectoriesInTmpOfDeadJvmsOnly() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Path dead = DovecotInstances.shortRunDir("mm-test" + Long.toHexString(System.nanoTime()));
    Path alive = DovecotInstances.shortRunDir("mm-test" + Long.toHexString(System.nanoTime() + 1));
    try {
      Files.createDirectories(dead);
      Files.writeString(dead.resolve("owner.pid"), Long.toString(finished.pid()));
      Files.createDirectories(alive);
      Files.writeString(alive.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));

      DovecotInstances.cleanUpOrphanedRunDirs();

      assertThat(dead).doesNotExist();
      assertThat(alive).isDirectory();
    } finally {
      DovecotProcesses.deleteTree(dead);
      DovecotProcesses.deleteTree(alive);
    }
  }

}
