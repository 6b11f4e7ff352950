package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo's sample mailbox and the embedded server it is seeded into. */
class SampleMailboxTest {

  @Test
  void atLeastFiftyMessagesOverTheFiveFolders() {
    Map<String, Long> perFolder = SampleMailbox.messages().stream()
        .collect(Collectors.groupingBy(SampleMailbox.Sample::folder, TreeMap::new, Collectors.counting()));
    assertThat(perFolder.keySet()).containsExactlyInAnyOrderElementsOf(SampleMailbox.FOLDERS);
    assertThat(perFolder.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(50);
    assertThat(perFolder.values()).allMatch(count -> count >= 4);
  }

  @Test
  void realisticContent() throws Exception {
    List<SampleMailbox.Sample> samples = SampleMailbox.messages();
    int html = 0;
    int attachments = 0;
    int inlineImages = 0;
    int nonAsciiSubjects = 0;
    for (SampleMailbox.Sample sample : samples) {
      MimeMessage message = sample.message();
      String subject = message.getSubject();
      if (subject != null && !subject.chars().allMatch(c -> c < 128)) nonAsciiSubjects++;
      String raw = raw(message);
      if (raw.contains("text/html")) html++;
      if (raw.contains("Content-Disposition: attachment")) attachments++;
      if (raw.contains("multipart/related")) inlineImages++;
      assertThat(raw).doesNotContainPattern("[^\\x00-\\x7f]"); // headers encoded, bodies transfer-encoded
    }
    assertThat(html).isGreaterThanOrEqualTo(10);
    assertThat(attachments).isGreaterThanOrEqualTo(8);
    assertThat(inlineImages).isGreaterThanOrEqualTo(1);
    assertThat(nonAsciiSubjects).isGreaterThanOrEqualTo(10);
  }

  @Test
  void sameMailboxEveryTime() throws Exception {
    List<SampleMailbox.Sample> first = SampleMailbox.messages();
    List<SampleMailbox.Sample> second = SampleMailbox.messages();
    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(stripBoundaries(raw(second.get(i).message()))).isEqualTo(stripBoundaries(raw(first.get(i).message())));
      assertThat(second.get(i).internalDate()).isEqualTo(first.get(i).internalDate());
    }
  }

  @Test
  void seededServerServesEveryFolderOverImap() throws Exception {
    List<SampleMailbox.Sample> samples = SampleMailbox.messages();
    try (DemoServer server = DemoServer.start(SampleMailbox.USER, SampleMailbox.ME.address(), SampleMailbox.FOLDERS)) {
      for (SampleMailbox.Sample sample : samples) {
        server.append(sample.folder(), sample.message(), sample.flags(), Date.from(sample.internalDate()));
      }
      Store store = Session.getInstance(new Properties()).getStore("imap");
      store.connect(DemoServer.HOST, server.port(), SampleMailbox.USER, server.password());
      try {
        for (String name : SampleMailbox.FOLDERS) {
          Folder folder = store.getFolder(name.replace('/', store.getDefaultFolder().getSeparator()));
          folder.open(Folder.READ_ONLY);
          long expected = samples.stream().filter(s -> s.folder().equals(name)).count();
          assertThat(folder.getMessageCount()).as(name).isEqualTo(expected);
          folder.close(false);
        }
        Folder drafts = store.getFolder("Drafts");
        drafts.open(Folder.READ_ONLY);
        for (Message draft : drafts.getMessages()) {
          assertThat(draft.isSet(jakarta.mail.Flags.Flag.DRAFT)).isTrue();
        }
        drafts.close(false);
      } finally {
        store.close();
      }
    }
  }

  @Test
  void attachmentFileNamesSurviveEncoding() throws Exception {
    MimeMessage q3 = SampleMailbox.messages().stream()
        .map(SampleMailbox.Sample::message)
        .filter(m -> subject(m).startsWith("Quartalszahlen"))
        .findFirst().orElseThrow();
    MimeMultipart mixed = (MimeMultipart) q3.getContent();
    assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("Übersicht Q3.csv");
    assertThat(mixed.getBodyPart(2).getFileName()).isEqualTo("€ rates.pdf");
    assertThat(mixed.getBodyPart(2).getDisposition()).isEqualTo(Part.ATTACHMENT);
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject() == null ? "" : message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String raw(MimeMessage message) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    message.writeTo(bytes);
    return bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static String stripBoundaries(String raw) {
    return raw.replaceAll("----=_Part_[0-9_.]+", "BOUNDARY");
  }
}
