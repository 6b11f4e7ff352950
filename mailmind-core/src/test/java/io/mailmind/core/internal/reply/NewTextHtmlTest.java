package io.mailmind.core.internal.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.internal.mime.HtmlToMarkdown;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The new text of HTML replies and forwards from each client ({@link ReplyFixtures}): the Markdown without the
 * quoted history, decided on the HTML tree. Each test states the exact new text; the Markdown of the whole body
 * keeps everything.
 */
class NewTextHtmlTest {
  private final HtmlToMarkdown converter = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofSeconds(10));

  private String newText(String html) {
    HtmlToMarkdown.Rendered rendered = converter.convertWithNewText(html);
    assertThat(rendered.markdown()).as("the Markdown is the whole body, as convert() makes it")
        .isEqualTo(converter.convert(html));
    return rendered.newText();
  }

  @Test
  void gmailReply_dropsTheQuoteAndItsAttribution() {
    assertThat(newText(ReplyFixtures.GMAIL_REPLY)).isEqualTo("""
        Tuesday at three works for me.
        I will bring the printed budget.
        Alice""");
  }

  @Test
  void gmailReply_germanAttribution() {
    assertThat(newText(ReplyFixtures.GMAIL_REPLY_GERMAN)).isEqualTo("Passt mir gut.");
  }

  @Test
  void gmailInlineReply_keepsTheAnswersAndTheQuotesTheyAnswer_dropsTheQuoteAtTheBottom() {
    assertThat(newText(ReplyFixtures.GMAIL_INLINE)).isEqualTo("""
        Answers below.
        On Mon, Mar 3, 2025 at 10:15 AM Bob Example \\<bob@example.com> wrote:

        > Can you come on Tuesday?

        Yes, after lunch.

        > Should I book the small room?

        No, the big one: we are six.""");
  }

  @Test
  void gmailForward_keepsTheNoteAndDropsTheForwardedMessage() {
    String html = ReplyFixtures.GMAIL_FORWARD;
    assertThat(newText(html)).isEqualTo("""
        FYI, the signed offer is below.

        ---------- Forwarded message ---------""");
    assertThat(converter.convert(html)).contains("Subject: Offer 2025-117", "Please find the signed offer attached.");
  }

  @Test
  void appleMailReply_dropsTheCitedBlockquoteWithTheAttributionInside() {
    assertThat(newText(ReplyFixtures.APPLE_REPLY)).isEqualTo("""
        Sounds good, see you on Tuesday.
        Alice""");
  }

  @Test
  void appleMailReply_frenchAttributionAboveTheQuote() {
    assertThat(newText(ReplyFixtures.APPLE_REPLY_FRENCH)).isEqualTo("D’accord pour mardi.");
  }

  @Test
  void appleMailForward_keepsBeginForwardedMessage() {
    assertThat(newText(ReplyFixtures.APPLE_FORWARD)).isEqualTo("""
        Can you check the dates?

        Begin forwarded message:""");
  }

  @Test
  void outlookDesktopReply_dropsFromTheBorderedHeaderBlockToTheEnd() {
    assertThat(newText(ReplyFixtures.OUTLOOK_DESKTOP_REPLY)).isEqualTo("""
        Hi Bob,

        The figures are final, please go ahead.

        Alice""");
  }

  @Test
  void outlookDesktopReply_germanHeaderBlock() {
    assertThat(newText(ReplyFixtures.OUTLOOK_DESKTOP_REPLY_GERMAN)).isEqualTo("Einverstanden.");
  }

  @Test
  void outlookOriginalMessage_dropsFromTheSeparatorToTheEnd() {
    assertThat(newText(ReplyFixtures.OUTLOOK_ORIGINAL_MESSAGE)).isEqualTo("Approved.");
  }

  @Test
  void outlookOnTheWebReply_dropsFromAppendOnSendToTheEnd() {
    assertThat(newText(ReplyFixtures.OUTLOOK_WEB_REPLY)).isEqualTo("""
        I have sent the invoice today.
        Alice""");
  }

  @Test
  void thunderbirdReply_dropsTheCitePrefixAndTheQuote() {
    assertThat(newText(ReplyFixtures.THUNDERBIRD_REPLY)).isEqualTo("Thanks, I have booked the room.");
  }

  @Test
  void thunderbirdReplyBelowTheQuote_keepsTheQuoteAsTheContextOfTheAnswer() {
    String html = ReplyFixtures.THUNDERBIRD_BOTTOM_REPLY;
    assertThat(newText(html)).isEqualTo(converter.convert(html)).endsWith("Ja, voor dinsdag.");
  }

  @Test
  void thunderbirdForward_keepsTheNoteAndDropsTheHeaderTableAndTheMessage() {
    assertThat(newText(ReplyFixtures.THUNDERBIRD_FORWARD)).isEqualTo("""
        See the agenda below.

        -------- Forwarded Message --------""");
  }

  @Test
  void yahooReply_dropsTheYahooQuotedBlock() {
    assertThat(newText(ReplyFixtures.YAHOO_REPLY)).isEqualTo("""
        Il preventivo va bene.
        Alice""");
  }

  @Test
  void yahooForward_keepsTheNote() {
    assertThat(newText(ReplyFixtures.YAHOO_FORWARD)).isEqualTo("""
        Para tu información.

        ----- Forwarded Message -----""");
  }

  @Test
  void nothingQuoted_newTextIsTheWholeMarkdown() {
    // A rule, a bordered box with a "From:" line and an unmarked blockquote are not quoted history.
    String html = ReplyFixtures.NOTHING_QUOTED;
    String markdown = converter.convert(html);
    HtmlToMarkdown.Rendered rendered = converter.convertWithNewText(html);
    assertThat(rendered.newText()).isSameAs(rendered.markdown()).isEqualTo(markdown);
    assertThat(markdown).contains("Sport is health.", "See you there!");
  }

  @Test
  void blockquoteBelowAnOnWroteLine_isAQuoteEvenUnmarked() {
    String html = "<p>Agreed.</p><p>On Monday, Bob Example wrote:</p><blockquote><p>Shall we?</p></blockquote>";
    assertThat(newText(html)).isEqualTo("Agreed.");
  }

  @Test
  void signatureBelowTheQuote_keepsTheQuote_neverLosesTheSendersText() {
    String html = "<div>See below.</div><blockquote type=\"cite\"><div>Question?</div></blockquote><div>-- <br>Alice</div>";
    assertThat(newText(html)).contains("See below.", "Question?", "Alice");
  }

  @Test
  void onlyAQuote_givesAnEmptyNewText() {
    String html = "<div class=\"gmail_quote\"><div class=\"gmail_attr\">On Mon, Bob wrote:<br></div>"
        + "<blockquote class=\"gmail_quote\">Hello</blockquote></div>";
    assertThat(newText(html)).isEmpty();
  }
}
