package io.mailmind.core.internal.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The new text of plain-text replies: quoted history removed, the sender's lines kept. Texts written for this test. */
class QuotedTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "English    | On Mon, 3 Mar 2025 at 10:15, Bob Example <bob@example.com> wrote:",
      "German     | Am 03.03.2025 um 10:15 schrieb Bob Example <bob@example.com>:",
      "German, Gmail | Am Mo., 3. März 2025 um 10:15 Uhr schrieb Bob Example <bob@example.com>:",
      "French     | Le lun. 3 mars 2025 à 10:15, Bob Example <bob@example.com> a écrit :",
      "Spanish    | El lun, 3 mar 2025 a las 10:15, Bob Example (<bob@example.com>) escribió:",
      "Italian    | Il giorno lun 3 mar 2025 alle ore 10:15 Bob Example <bob@example.com> ha scritto:",
      "Dutch      | Op ma 3 mrt 2025 om 10:15 schreef Bob Example <bob@example.com>:",
      "Portuguese | Em seg., 3 de mar. de 2025 às 10:15, Bob Example <bob@example.com> escreveu:",
  })
  void quoteAtTheBottom_withItsAttribution_isRemoved(String language, String attribution) {
    String text = "Fine by me.\n\nAlice\n\n" + attribution + "\n\n> Shall we meet on Tuesday?\n> \n> Bob\n";
    assertThat(QuotedText.newText(text)).isEqualTo("Fine by me.\n\nAlice");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "English    | On Mon, 3 Mar 2025 at 10:15, Bob Example | <bob@example.com> wrote:",
      "German     | Am 03.03.2025 um 10:15 schrieb Bob Example | <bob@example.com>:",
      "French     | Le lun. 3 mars 2025 à 10:15, Bob Example | <bob@example.com> a écrit :",
      "Spanish    | El lun, 3 mar 2025 a las 10:15, Bob Example | (<bob@example.com>) escribió:",
      "Italian    | Il giorno lun 3 mar 2025 alle ore 10:15 Bob Example | <bob@example.com> ha scritto:",
      "Dutch      | Op ma 3 mrt 2025 om 10:15 schreef Bob Example | <bob@example.com>:",
      "Portuguese | Em seg., 3 de mar. de 2025 às 10:15, Bob Example | <bob@example.com> escreveu:",
  })
  void attributionWrappedOverTwoLines_isRemoved(String language, String first, String second) {
    String text = "Fine by me.\n\n" + first + "\n" + second + "\n> Shall we meet on Tuesday?\n";
    assertThat(QuotedText.newText(text)).isEqualTo("Fine by me.");
  }

  @Test
  void crlfLineEnds_areKeptInTheNewText() {
    String text = "Yes.\r\nAlice\r\n\r\nOn Mon, 3 Mar 2025, Bob wrote:\r\n> Coming?\r\n";
    assertThat(QuotedText.newText(text)).isEqualTo("Yes.\r\nAlice");
  }

  @Test
  void inlineReply_keepsTheSendersLinesAndTheQuotesTheyAnswer_dropsTheQuoteAtTheBottom() {
    String text = """
        On Mon, 3 Mar 2025 at 10:15, Bob Example <bob@example.com> wrote:
        > Can you come on Tuesday?

        Yes, after lunch.

        > Should I book the small room?

        No, the big one: we are six.

        > Thanks,
        > Bob
        """;
    assertThat(QuotedText.newText(text)).isEqualTo("""
        On Mon, 3 Mar 2025 at 10:15, Bob Example <bob@example.com> wrote:
        > Can you come on Tuesday?

        Yes, after lunch.

        > Should I book the small room?

        No, the big one: we are six.""");
  }

  @Test
  void nothingQuoted_returnsTheTextUnchanged() {
    String text = "Hello Bob,\n\nthe meeting is at 3.\nIt wrote: nothing here is quoted.\n\n-- \nAlice\n";
    assertThat(QuotedText.newText(text)).isSameAs(text);
  }

  @Test
  void anOnWroteLineInTheMiddleOfTheSendersText_stays() {
    String text = "On Monday the printer wrote:\nPAPER JAM\nSo I fixed it.";
    assertThat(QuotedText.newText(text)).isSameAs(text);
  }

  @Test
  void outlookOriginalMessage_dropsFromTheSeparatorToTheEnd() {
    String text = """
        Approved.

        -----Original Message-----
        From: Bob Example [mailto:bob@example.com]
        Sent: Monday, March 03, 2025 10:15 AM
        To: Alice Example
        Subject: Travel request

        Please approve my travel request.
        """;
    assertThat(QuotedText.newText(text)).isEqualTo("Approved.");
  }

  @Test
  void outlookHeaderBlockBelowARuleOfUnderscores_inGerman_isDropped() {
    String text = """
        Einverstanden.

        ________________________________
        Von: Bob Example <bob@example.com>
        Gesendet: Montag, 3. März 2025 10:15
        An: Alice Example <alice@example.org>
        Betreff: Budget

        Sind die Zahlen endgültig?
        """;
    assertThat(QuotedText.newText(text)).isEqualTo("Einverstanden.");
  }

  @Test
  void forward_keepsTheNoteAndDropsTheForwardedHeaderBlockAndMessage() {
    String text = """
        FYI, the signed offer is below.

        ---------- Forwarded message ---------
        From: Carol Vendor <carol@vendor.example>
        Date: Fri, Feb 28, 2025 at 4:02 PM
        Subject: Offer 2025-117
        To: Alice <alice@example.org>


        Please find the signed offer attached.
        """;
    assertThat(QuotedText.newText(text)).isEqualTo("""
        FYI, the signed offer is below.

        ---------- Forwarded message ---------""");
  }

  @Test
  void appleForwardInFrench_keepsTheNote() {
    String text = """
        Tu peux vérifier les dates ?

        Début du message réexpédié :

        De: Carol Vendor <carol@vendor.example>
        Objet: Plan de voyage
        Date: 28 février 2025 à 16:02:11 UTC+1
        À: Alice Example <alice@example.org>

        Nous partons le 12.
        """;
    assertThat(QuotedText.newText(text)).isEqualTo("""
        Tu peux vérifier les dates ?

        Début du message réexpédié :""");
  }

  @Test
  void aLineEndingLikeAnAttribution_isOneOnlyAboveAQuote() {
    assertThat(QuotedText.newText("Thanks!\n\nBob wrote:\n> Ready?\n")).isEqualTo("Thanks!");
    String notAboveAQuote = "Thanks!\n\nThe author wrote:\nReady is a state of mind.";
    assertThat(QuotedText.newText(notAboveAQuote)).isSameAs(notAboveAQuote);
  }

  @Test
  void onlyQuoted_givesAnEmptyText_andNullGivesNull() {
    assertThat(QuotedText.newText("> just a quote\n> nothing else\n")).isEmpty();
    assertThat(QuotedText.newText(null)).isNull();
  }
}
