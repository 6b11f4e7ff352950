package io.mailmind.examples.web;

/**
 * Escapes text for HTML element content and quoted attribute values. Everything that comes from a message goes
 * through here: the pages never carry markup from mail. Stateless.
 */
final class Html {
  private Html() {}

  /**
   * A whole page: the head (charset, title, the stylesheet and, when {@code script}, the inbox script) and
   * {@code body}, which must be escaped already.
   */
  static String document(String title, String bodyAttributes, String body, boolean script) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + escape(title) + "</title>\n"
        + "<link rel=\"stylesheet\" href=\"/static/inbox.css\">\n"
        + (script ? "<script src=\"/static/inbox.js\" defer></script>\n" : "")
        + "</head>\n<body" + bodyAttributes + ">\n" + body + "</body>\n</html>\n";
  }

  /** {@code text} with {@code & < > " '} replaced by entities; {@code null} becomes {@code ""}. */
  static String escape(String text) {
    if (text == null) return "";
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }
}
