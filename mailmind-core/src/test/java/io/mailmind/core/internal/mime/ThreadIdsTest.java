package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageHeaders;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadIdsTest {

  private static MessageHeaders headers(String messageId, String inReplyTo, List<String> references, String subject) {
    return new MessageHeaders(messageId, inReplyTo, references, List.of(new EmailAddress(null, "a@example.org")),
        List.of(), List.of(), List.of(), List.of(), subject, Instant.parse("2024-03-01T09:15:00Z"));
  }

  @Test
  void rootAndRepliesShareTheRootMessageId() {
    String root = ThreadIds.threadId(headers("<root@example.org>", null, List.of(), "Plan"));
    String reply = ThreadIds.threadId(headers("<r1@example.org>", "<root@example.org>", List.of("<root@example.org>"),
        "Re: Plan"));
    String replyToReply = ThreadIds.threadId(headers("<r2@example.org>", "<r1@example.org>",
        List.of("<root@example.org>", "<r1@example.org>"), "Re: Re: Plan"));
    String onlyInReplyTo = ThreadIds.threadId(headers("<r3@example.org>", "<root@example.org> (Jane's message)",
        List.of(), "Re: Plan"));

    assertThat(root).isEqualTo("<root@example.org>");
    assertThat(reply).isEqualTo(root);
    assertThat(replyToReply).isEqualTo(root);
    assertThat(onlyInReplyTo).isEqualTo(root);
  }

  @Test
  void idsAreNormalised() {
    assertThat(ThreadIds.threadId(headers(" root@example.org ", null, List.of(), "")))
        .isEqualTo(ThreadIds.threadId(headers("<r@x>", null, List.of("< root@example.org>"), "")));
    assertThat(ThreadIds.threadId(headers("<" + "x".repeat(300) + "@example.org>", null, List.of(), "")))
        .startsWith("h:").hasSize(42);
  }

  @Test
  void withoutIdsTheNormalisedSubjectDecides() {
    String plain = ThreadIds.threadId(headers(null, null, List.of(), "Quarterly  report"));

    assertThat(plain).startsWith("s:").hasSize(42);
    for (String subject : List.of("Re: Quarterly report", "RE: re: quarterly REPORT", "Fwd: Re[2]: Quarterly report",
        "AW: WG: Quarterly report", "Sv: [team-list] Quarterly report", "  [List] Re:  Quarterly\treport ")) {
      assertThat(ThreadIds.threadId(headers(null, null, List.of(), subject))).as(subject).isEqualTo(plain);
    }
    assertThat(ThreadIds.threadId(headers(null, null, List.of(), "Quarterly report 2"))).isNotEqualTo(plain);
  }

  @Test
  void withNothingAtAllEachMessageIsItsOwnThread() {
    MessageHeaders a = headers(null, null, List.of(), "");
    MessageHeaders b = new MessageHeaders(null, null, List.of(), List.of(new EmailAddress(null, "b@example.org")),
        List.of(), List.of(), List.of(), List.of(), "", null);

    assertThat(ThreadIds.threadId(a)).startsWith("m:").isEqualTo(ThreadIds.threadId(a));
    assertThat(ThreadIds.threadId(a)).isNotEqualTo(ThreadIds.threadId(b));
    assertThat(ThreadIds.threadId(MessageHeaders.EMPTY)).isNotBlank();
  }
}
