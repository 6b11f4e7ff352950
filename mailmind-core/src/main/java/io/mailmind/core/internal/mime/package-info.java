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
 *
 * <h2>Why these decoders and parsers are our own</h2>
 *
 * <p>Each has a library equivalent on the class path; {@code MimeDifferentialTest} compares ours with it over
 * every corpus message and over seeded random input, and lists every case where the two differ with the reason
 * ours is the better reading ({@code MultipartSplitterTest} does the same for the multipart splitter, and
 * {@code DateParserTest} compares dates with java.time). The reasons, class by class:
 * <ul>
 *   <li>{@code Base64Stream}: library {@code java.util.Base64.getMimeDecoder()} and Angus'
 *       {@code BASE64DecoderStream} ({@code MimeUtility.decode(in, "base64")}). Speed and leniency. Measured
 *       2026-12-06 on this project's 2-core Xeon VM under load from other jobs (load average 6 to 8, so ranges),
 *       JDK 17.0.15, 8 MiB of random data MIME-encoded, warm: ours 1,050-1,160 MB/s on a whole array and 530-890
 *       MB/s as a stream, the JDK's MIME decoder 450-860 MB/s, Angus 60-290 MB/s. The bench's microbenchmark
 *       (bench/README.md) gave 850 MB/s against the JDK's 700. Leniency: the JDK throws on a lone last character
 *       (a truncated attachment is lost whole; ours keeps every complete byte), stops at the first padding
 *       (ours reads concatenated padded chunks) and ignores base64url characters (ours reads them); Angus also
 *       throws on missing padding. RFC 2047 encoded words use the same decoder.</li>
 *   <li>{@code QuotedPrintableStream}: library Angus' {@code QPDecoderStream}. Speed and correctness: in the same
 *       measurement ours decoded 100-140 MB/s, Angus 15-25 MB/s; Angus keeps {@code "= "} before a line end
 *       literally (RFC 2045 6.7 says the trailing white space was added in transport, so it is a soft line break)
 *       and appends a byte 0xFF to an {@code =X} or {@code =CR} cut off by the end of the input.</li>
 *   <li>{@code UuStream}: library Angus' {@code UUDecoderStream}. Behaviour: content labelled x-uuencode without a
 *       {@code begin} line is passed through (it was never uuencoded); Angus throws.</li>
 *   <li>{@code TransferEncoding}: library {@code MimeUtility.decode(in, encoding)}. Behaviour: misspelt values
 *       ({@code 7-bit}, {@code base64;}, {@code quoted_printable}) are read as meant or as no encoding; Angus
 *       throws on an unknown one unless a global system property says otherwise.</li>
 *   <li>{@code HeaderBlock}: library {@code InternetHeaders} with {@code MimeUtility.unfold}. Speed and behaviour:
 *       it reads bytes once without a per-part {@code ServiceLoader} lookup (part of the 14.5% of a sync profile
 *       that Jakarta's multipart parsing cost, bench/README.md), keeps values as byte carriers so 8-bit fields are
 *       decoded later by {@code RawText}, skips a UTF-8 BOM and an mbox {@code From } line, joins a field broken
 *       without folding white space, bounds what it keeps, and ends the block at a body that lacks the blank line.
 *       Angus reads a BOM into the first field's name and a missing blank line's body as fields.</li>
 *   <li>{@code MultipartSplitter}: library Angus' {@code MimeMultipart}. Speed, same rules (tested part for part):
 *       single-threaded mapping went from 210-228 to 361-378 MB/s (commit 4839246, bench/java/StageCosts).</li>
 *   <li>{@code EncodedWords}: library {@code MimeUtility.decodeText}. Behaviour: words inside quoted strings and
 *       glued to text are decoded (Angus is strict by default, and its switch is a JVM-wide system property),
 *       adjacent words in one charset are joined before decoding so a character split between them survives,
 *       unknown and legacy charset names go through {@code Charsets}.</li>
 *   <li>{@code AddressParser}: library {@code InternetAddress.parseHeader(value, false)}. Behaviour: groups give
 *       their members (Angus: one "address" holding the whole group), comments, CFWS and source routes leave the
 *       address, a space-separated list of bare addresses is split, never an exception.</li>
 *   <li>{@code DateParser}: library {@code MailDateFormat} (and java.time's RFC 1123 format). Behaviour: a value is
 *       a date only when all of it fits the grammar; MailDateFormat rolls hour 59 into another day, takes year
 *       3609, and ignores a zone after a comment, where ours gives {@code null} (INTERNALDATE is used) or the
 *       right instant.</li>
 *   <li>{@code MimeValue} (with {@code Comments}): library {@code ContentType}, {@code ContentDisposition} and
 *       {@code ParameterList}. Behaviour: an unquoted boundary with {@code =}, an empty parameter or a missing
 *       subtype make {@code ContentType} throw, so the message would lose its structure; RFC 2231 decoding does
 *       not depend on the {@code mail.mime.decodeparameters} system property.</li>
 *   <li>{@code Charsets} and {@code RawText}: library {@code Charset.forName(MimeUtility.javaCharset(name))} and
 *       the {@code mail.mime.allowutf8} property. Behaviour: unknown and legacy names map to the superset mailers
 *       mean ({@code iso-8859-8-i}, {@code ks_c_5601-1987}, {@code big5} as Big5-HKSCS, ISO-2022-JP with
 *       Microsoft's extensions) instead of an exception or U+FFFD; 8-bit header bytes are read as UTF-8 when they
 *       are UTF-8 and in a fallback charset otherwise, per message rather than per JVM.</li>
 *   <li>{@code Utf8}: library a {@code CharsetDecoder} with {@code REPORT}. Speed: a validity scan without
 *       decoding or allocating, run on every 8-bit header and on text declared ISO-8859-1 or US-ASCII.</li>
 * </ul>
 */
package io.mailmind.core.internal.mime;
