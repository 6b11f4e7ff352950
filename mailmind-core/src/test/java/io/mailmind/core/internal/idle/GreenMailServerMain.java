package io.mailmind.core.internal.idle;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail IMAP in its own JVM for {@link IdleScaleBenchmark}, so that the server's threads and sockets are not
 * counted as the client's. Arguments: the number of users ({@code user0}..{@code userN-1}, password
 * {@code secret}). Prints {@code READY <port>} and runs until its standard input closes.
 */
public final class GreenMailServerMain {
  private GreenMailServerMain() {}

  public static void main(String[] args) throws Exception {
    int users = Integer.parseInt(args[0]);
    GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    greenMail.start();
    for (int i = 0; i < users; i++) greenMail.setUser("user" + i + "@example.org", "user" + i, "secret");
    System.out.println("READY " + greenMail.getImap().getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our input
    }
    greenMail.stop();
  }
}
