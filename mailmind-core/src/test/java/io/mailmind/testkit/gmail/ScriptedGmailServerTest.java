package io.mailmind.testkit.gmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.testkit.logs.CapturedLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fake itself: what it answers on the wire, so engine tests can trust it. */
class ScriptedGmailServerTest {

  /** Sends each command and collects the lines up to its tagged answer. */
  private static List<String> converse(ScriptedGmailServer server, String... commands) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      lines.add(in.readLine());
      for (int i = 0; i < commands.length; i++) {
        String tag = "t" + i;
        out.write((tag + " " + commands[i] + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line;
        do {
          line = in.readLine();
          lines.add(line);
        } while (line != null && !line.startsWith(tag + " "));
      }
    }
    return lines;
  }

  @Test
  @DisplayName("it speaks X-GM-EXT-1: capability, special-use LIST, X-GM items and header fields")
  void gmailConversation() throws Exception {
    GmailModel model = GmailModel.english();
    long msgId = model.addMessage("Subject: Hi\r\nX-Other: no\r\nFrom: a@example.org\r\n\r\nbody\r\n",
        "\\Inbox", "Ärger");
    try (ScriptedGmailServer server = ScriptedGmailServer.start(model, "u", "p")) {
      List<String> lines = converse(server, "CAPABILITY", "LOGIN u p", "LIST \"\" \"*\"",
          "EXAMINE \"[Gmail]/All Mail\"",
          "UID FETCH 1:* (UID X-GM-MSGID X-GM-LABELS BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])", "LOGOUT");

      assertThat(lines).contains("* CAPABILITY " + GmailSession.CAPABILITIES + " CONDSTORE",
          "* LIST (\\All \\HasNoChildren) \"/\" \"[Gmail]/All Mail\"",
          "* LIST (\\HasNoChildren \\Junk) \"/\" \"[Gmail]/Spam\"",
          "* LIST (\\HasNoChildren) \"/\" \"&AMQ-rger\"",
          "* 1 EXISTS",
          "* 1 FETCH (UID 1 X-GM-MSGID " + msgId + " X-GM-LABELS (\"\\\\Inbox\" &AMQ-rger) "
              + "BODY[HEADER.FIELDS (SUBJECT FROM)] {36}",
          "Subject: Hi", "From: a@example.org");
      assertThat(lines).doesNotContain("X-Other: no");
      assertThat(server.commands()).contains("LOGIN u ***").noneMatch(c -> c.contains(" p"));
      assertThat(server.unsupported()).isEmpty();
    }
  }

  @Test
  @DisplayName("unknown commands are answered BAD and kept for the test to see")
  void unknownCommands(CapturedLog log) throws Exception {
    try (ScriptedGmailServer server = ScriptedGmailServer.start(GmailModel.english(), "u", "p")) {
      List<String> lines = converse(server, "LOGIN u p", "XYZZY now", "UID STORE 1 +FLAGS (\\Seen)");

      assertThat(lines).contains("t1 BAD Unknown command", "t2 BAD Unknown command");
      assertThat(server.unsupported()).containsExactly("XYZZY now", "UID STORE 1 +FLAGS (\\Seen)");
      assertThat(log.warnings()).anyMatch(line -> line.contains("unsupported command 'XYZZY now' answered BAD"));
    }
  }
}
