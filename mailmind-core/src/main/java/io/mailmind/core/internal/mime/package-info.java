/**
 * Implementation: MIME mapping ({@link io.mailmind.core.internal.mime.MessageMapper}), thread ids
 * ({@link io.mailmind.core.internal.mime.ThreadIds}) and HTML-to-Markdown conversion
 * ({@link io.mailmind.core.internal.mime.HtmlToMarkdown}). Not API.
 *
 * <p>Parsing rules, in one place:
 * <ul>
 *   <li>Header blocks are read by {@code HeaderBlock} (byte level: UTF-8 BOM and an mbox {@code From } line are
 *       skipped, lines end at LF, CRLF or a lone CR, a line starting with white space continues the field before).
 *       A line that is neither a field nor a continuation but is followed by one is taken as a field broken
 *       without folding white space. At most 1 MiB of one field and 4 MiB of a block are kept: the rest is
 *       read to find the body, and noted as the message's error (its body and attachments are still mapped).
 *       Field values keep their bytes as ISO-8859-1 "carrier" strings until they are decoded: raw 8-bit text
 *       that is (mostly) valid UTF-8 is read as UTF-8 (RFC 6532), anything else in the charset the message
 *       declares (its Content-Type, else its first body part), else windows-1252. This does not depend on the
 *       {@code mail.mime.allowutf8} property.</li>
 *   <li>RFC 2047 encoded words are decoded everywhere a person reads text (subject, display names, file names),
 *       also inside quoted strings and without surrounding white space; RFC 2231 parameters
 *       ({@code filename*0*=utf-8''...}) are assembled and decoded; unknown charsets fall back as in
 *       {@code Charsets}.</li>
 *   <li>The MIME tree is split by {@code MultipartSplitter}, which scans the bytes (a byte array or a file
 *       channel) with the lenient rules of Jakarta Mail's {@code MimeMultipart}, so every part is a byte range of
 *       the original message; nothing is copied (but for the rare multipart that claims a transfer encoding:
 *       it is decoded and split as a copy). Part headers are read by {@code HeaderBlock} too. Missing end
 *       boundaries are tolerated; a multipart without any part whose content is not blank is read as a
 *       text/plain leaf (nothing is lost); nesting deeper than 50 multiparts or more than 10,000 parts is an
 *       error (what was read so far is kept). Content-Transfer-Encoding is decoded leniently by our own
 *       streams ({@code TransferEncoding}); unknown values mean no encoding.</li>
 *   <li>Bodies: the first text/plain and the first text/html leaf that has neither a file name nor
 *       {@code Content-Disposition: attachment}. Attachments: every other leaf with a file name, an
 *       attachment disposition, or a non-text type. An embedded {@code message/rfc822} (also message/global,
 *       message/news) is one attachment, named by its file name or by its subject ({@code <subject>.eml}); the
 *       mapper does not look into it for bodies.</li>
 *   <li>Markdown link and image destinations are only {@code http:}, {@code https:}, {@code mailto:},
 *       {@code cid:} URLs and {@code #anchors}, decided on the URL with HTML character references decoded, control
 *       characters and white space in the scheme removed, the scheme case-folded ({@code LinkPolicy}); any other
 *       link keeps only its text, any other image only its alt text.</li>
 *   <li>U+0000 in any produced text is replaced by U+FFFD (databases reject NUL in text columns).</li>
 * </ul>
 */
package io.mailmind.core.internal.mime;
