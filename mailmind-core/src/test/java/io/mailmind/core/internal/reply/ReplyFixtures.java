package io.mailmind.core.internal.reply;

/**
 * Replies and forwards as each client writes them, written for these tests (the structure and marks of each
 * client; the text is ours): Gmail, Apple Mail, Outlook desktop, Outlook on the web, Thunderbird, Yahoo.
 */
final class ReplyFixtures {
  private ReplyFixtures() {}

  static final String GMAIL_REPLY = """
      <div dir="ltr"><div>Tuesday at three works for me.</div><div>I will bring the printed budget.</div><div>Alice</div></div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Mar 3, 2025 at 10:15 AM Bob Example &lt;<a href="mailto:bob@example.com">bob@example.com</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr"><div>Could we move the budget review to Tuesday afternoon?</div><div>Bob</div></div></blockquote></div>
      """;

  /** Gmail, German interface: the attribution in German. */
  static final String GMAIL_REPLY_GERMAN = """
      <div dir="ltr">Passt mir gut.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Am Mo., 3. März 2025 um 10:15 Uhr schrieb Bob Example &lt;<a href="mailto:bob@example.com">bob@example.com</a>&gt;:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">Dienstag um drei?</div></blockquote></div>
      """;

  /** Gmail, the sender answered between the quoted lines (inline reply): the quote is split around the answers. */
  static final String GMAIL_INLINE = """
      <div dir="ltr">Answers below.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Mar 3, 2025 at 10:15 AM Bob Example &lt;bob@example.com&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">Can you come on Tuesday?</div></blockquote><div>Yes, after lunch.</div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div>Should I book the small room?</div></blockquote><div>No, the big one: we are six.</div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div>Thanks,</div><div>Bob</div></blockquote></div>
      """;

  static final String GMAIL_FORWARD = """
      <div dir="ltr">FYI, the signed offer is below.<br><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Carol Vendor</strong> <span dir="auto">&lt;<a href="mailto:carol@vendor.example">carol@vendor.example</a>&gt;</span><br>Date: Fri, Feb 28, 2025 at 4:02 PM<br>Subject: Offer 2025-117<br>To: Alice &lt;<a href="mailto:alice@example.org">alice@example.org</a>&gt;<br></div><br><br><div dir="ltr">Please find the signed offer attached.</div></div></div>
      """;

  static final String APPLE_REPLY = """
      <html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;"><div>Sounds good, see you on Tuesday.</div><div>Alice</div><div><br><blockquote type="cite"><div>On 3 Mar 2025, at 10:15, Bob Example &lt;bob@example.com&gt; wrote:</div><br class="Apple-interchange-newline"><div><div>Could we move the budget review to Tuesday afternoon?</div><div>Bob</div></div></blockquote></div><br></body></html>
      """;

  /** Apple Mail, French interface, attribution above the quote. */
  static final String APPLE_REPLY_FRENCH = """
      <html><head></head><body style="overflow-wrap: break-word;"><div>D’accord pour mardi.</div><div><br><div><div>Le 3 mars 2025 à 10:15, Bob Example &lt;bob@example.com&gt; a écrit :</div><br class="Apple-interchange-newline"><blockquote type="cite"><div>On décale la revue à mardi ?</div></blockquote></div></div></body></html>
      """;

  static final String APPLE_FORWARD = """
      <html><head></head><body style="overflow-wrap: break-word;"><div>Can you check the dates?</div><div><br><div><div>Begin forwarded message:</div><br class="Apple-interchange-newline"><blockquote type="cite"><div style="margin-top: 0px; margin-right: 0px; margin-bottom: 0px; margin-left: 0px;"><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif; color:rgba(0, 0, 0, 1.0);"><b>From: </b></span><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif;">Carol Vendor &lt;carol@vendor.example&gt;<br></span></div><div style="margin-top: 0px; margin-right: 0px; margin-bottom: 0px; margin-left: 0px;"><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif; color:rgba(0, 0, 0, 1.0);"><b>Subject: </b></span><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif;"><b>Travel plan</b><br></span></div><div style="margin-top: 0px; margin-right: 0px; margin-bottom: 0px; margin-left: 0px;"><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif; color:rgba(0, 0, 0, 1.0);"><b>Date: </b></span><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif;">28 February 2025 at 16:02:11 CET<br></span></div><br><div><div>We leave on the 12th and return on the 19th.</div></div></blockquote></div></div></body></html>
      """;

  static final String OUTLOOK_DESKTOP_REPLY = """
      <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="Generator" content="Microsoft Word 15 (filtered medium)"><style><!--
      p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
      @page WordSection1 {size:612.0pt 792.0pt; margin:70.85pt 70.85pt 2.0cm 70.85pt;}
      div.WordSection1 {page:WordSection1;}
      --></style><!--[if gte mso 9]><xml>
      <o:shapedefaults v:ext="edit" spidmax="1026" />
      </xml><![endif]--></head><body lang="EN-US" link="#0563C1" vlink="#954F72" style="word-wrap:break-word"><div class="WordSection1"><p class="MsoNormal">Hi Bob,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">The figures are final, please go ahead.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Alice<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>From:</b> Bob Example &lt;bob@example.com&gt; <br><b>Sent:</b> Monday, March 3, 2025 10:15 AM<br><b>To:</b> Alice Example &lt;alice@example.org&gt;<br><b>Subject:</b> Budget figures<o:p></o:p></p></div></div><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Are the figures final?<o:p></o:p></p><p class="MsoNormal">Bob<o:p></o:p></p></div></body></html>
      """;

  /** Outlook desktop, German interface. */
  static final String OUTLOOK_DESKTOP_REPLY_GERMAN = """
      <html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body lang="DE"><div class="WordSection1"><p class="MsoNormal">Einverstanden.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>Von:</b> Bob Example &lt;bob@example.com&gt; <br><b>Gesendet:</b> Montag, 3. März 2025 10:15<br><b>An:</b> Alice Example &lt;alice@example.org&gt;<br><b>Betreff:</b> Budget<o:p></o:p></p></div></div><p class="MsoNormal">Sind die Zahlen endgültig?<o:p></o:p></p></div></body></html>
      """;

  /** Older Outlook: the quoted message starts with "-----Original Message-----". */
  static final String OUTLOOK_ORIGINAL_MESSAGE = """
      <html><body><div class="WordSection1"><p class="MsoNormal"><span style="font-size:10.0pt;font-family:Arial">Approved.</span></p><p class="MsoNormal"><span style="font-size:10.0pt;font-family:Arial">-----Original Message-----<br>From: Bob Example [mailto:bob@example.com] <br>Sent: Monday, March 03, 2025 10:15 AM<br>To: Alice Example<br>Subject: Travel request</span></p><p class="MsoNormal"><span style="font-size:10.0pt;font-family:Arial">Please approve my travel request.</span></p></div></body></html>
      """;

  static final String OUTLOOK_WEB_REPLY = """
      <html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr"><div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">I have sent the invoice today.</div><div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">Alice</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> Bob Example &lt;bob@example.com&gt;<br><b>Sent:</b> Monday, March 3, 2025 10:15<br><b>To:</b> Alice Example &lt;alice@example.org&gt;<br><b>Subject:</b> Invoice</font><div>&nbsp;</div></div><div><div dir="ltr">Did you send the invoice?</div></div></body></html>
      """;

  static final String THUNDERBIRD_REPLY = """
      <!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>Thanks, I have booked the room.</p><div class="moz-cite-prefix">On 03.03.25 10:15, Bob Example wrote:<br></div><blockquote type="cite" cite="mid:1a2b3c@example.com"><p>Can you book the big room for Tuesday?</p></blockquote></body></html>
      """;

  /** Thunderbird's default: the reply below the quote (the quote is its context and stays). */
  static final String THUNDERBIRD_BOTTOM_REPLY = """
      <!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><div class="moz-cite-prefix">Op 03-03-2025 om 10:15 schreef Bob Example:<br></div><blockquote type="cite" cite="mid:1a2b3c@example.com"><p>Boek jij de grote zaal?</p></blockquote><p>Ja, voor dinsdag.</p></body></html>
      """;

  static final String THUNDERBIRD_FORWARD = """
      <!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>See the agenda below.</p><div class="moz-forward-container"><br><br>-------- Forwarded Message --------<table class="moz-email-headers-table" cellspacing="0" cellpadding="0" border="0"><tbody><tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Subject: </th><td>Agenda</td></tr><tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Date: </th><td>Fri, 28 Feb 2025 16:02:11 +0100</td></tr><tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">From: </th><td>Carol Vendor <a class="moz-txt-link-rfc2396E" href="mailto:carol@vendor.example">&lt;carol@vendor.example&gt;</a></td></tr><tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">To: </th><td>Alice Example <a class="moz-txt-link-rfc2396E" href="mailto:alice@example.org">&lt;alice@example.org&gt;</a></td></tr></tbody></table><br><p>1. Budget 2. Travel</p></div></body></html>
      """;

  static final String YAHOO_REPLY = """
      <html><head></head><body><div class="ydp5f1c9a2byahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;"><div dir="ltr" data-setdir="false">Il preventivo va bene.</div><div dir="ltr" data-setdir="false">Alice</div></div><div id="yahoo_quoted_7412903815" class="yahoo_quoted"><div style="font-family:'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;"><div>Il lunedì 3 marzo 2025 alle ore 10:15:02 CET, Bob Example &lt;bob@example.com&gt; ha scritto:</div><div><br></div><div><br></div><div><div dir="ltr">Ti va bene il preventivo?</div></div></div></div></body></html>
      """;

  static final String YAHOO_FORWARD = """
      <html><head></head><body><div class="ydp5f1c9a2byahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;"><div dir="ltr" data-setdir="false">Para tu información.</div></div><div id="yahoo_quoted_1190245531" class="yahoo_quoted"><div style="font-family:'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;"><div>----- Forwarded Message -----</div><div><b>From:</b> Carol Vendor &lt;carol@vendor.example&gt;</div><div><b>To:</b> Alice Example &lt;alice@example.org&gt;</div><div><b>Sent:</b> Friday, February 28, 2025, 04:02:11 PM CET</div><div><b>Subject:</b> Horario</div><div><br></div><div><div dir="ltr">Abrimos a las nueve.</div></div></div></div></body></html>
      """;

  /** No quote at all: a newsletter-like message with a rule and a bordered box that are not header blocks. */
  static final String NOTHING_QUOTED = """
      <html><body><h1>Club news</h1><p>The spring meeting is on <b>12 April</b>.</p><hr><div style="border-top:solid #cccccc 1px"><p>From: the board. Date: to be confirmed.</p></div><blockquote>Sport is health.</blockquote><p>See you there!</p></body></html>
      """;
}
