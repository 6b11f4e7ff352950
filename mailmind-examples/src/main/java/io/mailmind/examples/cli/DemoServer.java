package io.mailmind.examples.cli;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * The demo's IMAP server: GreenMail on a free loopback port, plain IMAP, one user with the sample mailbox.
 * {@link #close()} stops it. Not thread-safe.
 */
final class DemoServer implements AutoCloseable {
  static final String HOST = "127.0.0.1";

  private final GreenMail greenMail;
  private final GreenMailUser user;
  private final String password;

  private DemoServer(GreenMail greenMail, GreenMailUser user, String password) {
    this.greenMail = greenMail;
    this.user = user;
    this.password = password;
  }

  /** Starts GreenMail and creates the user with an empty INBOX and the other sample folders. */
  static DemoServer start(String login, String email, List<String> folders) {
    quietConnectionThreads();
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    GreenMail greenMail = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_IMAP).dynamicPort());
    greenMail.start();
    try {
      GreenMailUser user = greenMail.setUser(email, login, password);
      ImapHostManager folderManager = greenMail.getManagers().getImapHostManager();
      for (String folder : folders) {
        if (!folder.equals("INBOX")) folderManager.createMailbox(user, serverName(folder));
      }
      return new DemoServer(greenMail, user, password);
    } catch (Exception e) {
      greenMail.stop();
      throw new CommandFailedException("cannot set up the embedded IMAP server: " + e.getMessage(), e);
    }
  }

  int port() {
    return greenMail.getImap().getPort();
  }

  String password() {
    return password;
  }

  /** Appends a message to a folder with these flags and INTERNALDATE. */
  void append(String folder, MimeMessage message, List<String> flags, Date internalDate) {
    try {
      MailFolder mailFolder = folder.equals("INBOX")
          ? folderManager().getInbox(user)
          : folderManager().getFolder(user, serverName(folder), true);
      mailFolder.appendMessage(message, flags(flags), internalDate);
    } catch (FolderException e) {
      throw new CommandFailedException("cannot seed folder " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Delivers a message to the INBOX as new mail; returns its UID. */
  long deliver(MimeMessage message) {
    try {
      return folderManager().getInbox(user).appendMessage(message, new Flags(), new Date());
    } catch (FolderException e) {
      throw new CommandFailedException("cannot deliver to INBOX: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  /**
   * GreenMail's connection threads ({@code imap:<address>...}) end with an uncaught exception when a client
   * closes its socket in the middle of IDLE, which closing Mailmind does; the JVM would print it on stderr.
   * Other threads keep the default behaviour.
   */
  private static void quietConnectionThreads() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    if (previous instanceof QuietGreenMailThreads) return;
    Thread.setDefaultUncaughtExceptionHandler(new QuietGreenMailThreads(previous));
  }

  private record QuietGreenMailThreads(Thread.UncaughtExceptionHandler previous)
      implements Thread.UncaughtExceptionHandler {
    @Override
    public void uncaughtException(Thread thread, Throwable error) {
      if (thread.getName().startsWith("imap:")) return;
      if (previous != null) {
        previous.uncaughtException(thread, error);
      } else {
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        error.printStackTrace();
      }
    }
  }

  private ImapHostManager folderManager() {
    return greenMail.getManagers().getImapHostManager();
  }

  /** GreenMail separates levels with a dot. */
  private static String serverName(String folder) {
    return folder.replace('/', '.');
  }

  private static Flags flags(List<String> names) {
    Flags flags = new Flags();
    for (String name : names) {
      switch (name) {
        case "\\Seen": flags.add(Flags.Flag.SEEN); break;
        case "\\Answered": flags.add(Flags.Flag.ANSWERED); break;
        case "\\Flagged": flags.add(Flags.Flag.FLAGGED); break;
        case "\\Draft": flags.add(Flags.Flag.DRAFT); break;
        case "\\Deleted": flags.add(Flags.Flag.DELETED); break;
        default: flags.add(name);
      }
    }
    return flags;
  }
}
