package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Maps every corpus message, from memory and from a file, and checks what must hold for any message. */
class CorpusTest {
  private static final MessageKey KEY = MessageKey.of("acct", "INBOX", 7, 42);
  private final MessageMapper mapper = new MessageMapper();

  static List<Corpus.Entry> entries() {
    return Corpus.entries();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void mapsWithoutThrowing(Corpus.Entry entry) throws Exception {
    MessageContent content = mapper.map(KEY, RawMessage.of(Corpus.bytes(entry.path())));

    assertThat(content).isNotNull();
    assertThat(content.key()).isEqualTo(KEY);
    assertThat(content.threadId()).isNotBlank();
    assertThat(content.rawHeaders()).isNotNull();
    if (content.state() == ContentState.ERROR) {
      assertThat(content.error()).isNotBlank();
    } else {
      assertThat(content.state()).isEqualTo(ContentState.COMPLETE);
      assertThat(content.error()).isNull();
    }
    assertThat(content.headers().subject()).doesNotContain("\0", "\r", "\n");
    // The tags come from Python's parser, which gives up on a header block at its first broken line; we go on.
    boolean pythonSawHeaders = !entry.tagged("malformed:bad-header-line") && !entry.tagged("headerless");
    if (entry.tagged("no-subject") && pythonSawHeaders) assertThat(content.headers().subject()).isEmpty();
    if (entry.tagged("date-implausible-year") || entry.tagged("no-date") && pythonSawHeaders) {
      assertThat(content.headers().date()).isNull();
    }
    for (Attachment attachment : content.attachments()) {
      assertThat(attachment.contentType()).matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+*-]+");
      assertThat(attachment.sha256()).matches("[0-9a-f]{64}");
      assertThat(attachment.content().size()).isEqualTo(attachment.size());
      if (attachment.contentId() != null) assertThat(attachment.contentId()).doesNotContain("<", ">");
      assertThat(digest(attachment)).as("re-read of %s", attachment.filename()).isEqualTo(attachment.sha256());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void mapsTheSameFromAFile(Corpus.Entry entry) throws Exception {
    MessageContent fromBytes = mapper.map(KEY, RawMessage.of(Corpus.bytes(entry.path())));
    MessageContent fromFile = mapper.map(KEY, RawMessage.of(Corpus.file(entry.path())));

    assertThat(fromFile.headers()).isEqualTo(fromBytes.headers());
    assertThat(fromFile.text()).isEqualTo(fromBytes.text());
    assertThat(fromFile.html()).isEqualTo(fromBytes.html());
    assertThat(fromFile.rawHeaders()).isEqualTo(fromBytes.rawHeaders());
    assertThat(fromFile.state()).isEqualTo(fromBytes.state());
    assertThat(fromFile.attachments()).map(Attachment::withoutContent)
        .isEqualTo(fromBytes.attachments().stream().map(Attachment::withoutContent).toList());
    for (Attachment attachment : fromFile.attachments()) {
      assertThat(digest(attachment)).isEqualTo(attachment.sha256());
    }
  }

  static String digest(Attachment attachment) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = attachment.content().openStream()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) sha.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
