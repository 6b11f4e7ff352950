package io.mailmind.examples.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inbox list: as an HTML page ({@code /}) and as the JSON ({@code /api/messages}) that the page's script
 * renders into the same table when the server says {@code refresh_needed}. Every value from mail is escaped.
 * Stateless.
 */
final class InboxPage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InboxPage() {}

  static String html(String accountId, MessageList.Page page) {
    StringBuilder body = new StringBuilder(8192);
    body.append("<header>\n<h1>Inbox <span class=\"account\">").append(Html.escape(accountId)).append("</span></h1>\n")
        .append("<span id=\"status\" class=\"status\">connecting…</span>\n</header>\n<main>\n")
        .append("<table id=\"inbox\">\n<thead><tr><th>Subject</th><th>From</th><th>Date (UTC)</th><th>Folder</th>")
        .append("</tr></thead>\n<tbody id=\"messages\">\n");
    for (InboxRow row : page.rows()) appendRow(body, row);
    body.append("</tbody>\n</table>\n")
        .append("<p id=\"empty\"").append(page.rows().isEmpty() ? "" : " hidden").append(">No messages stored.</p>\n")
        .append("<nav class=\"pager\">")
        .append("<a id=\"newer\" href=\"/?page=").append(Math.max(0, page.number() - 1)).append('"')
        .append(page.number() == 0 ? " hidden" : "").append(">← Newer</a> ")
        .append("<span>Page ").append(page.number() + 1).append("</span> ")
        .append("<a id=\"older\" href=\"/?page=").append(page.number() + 1).append('"')
        .append(page.hasMore() ? "" : " hidden").append(">Older →</a>")
        .append("</nav>\n</main>\n");
    return Html.document("Inbox · " + accountId, " data-page=\"" + page.number() + "\" data-live=\"connecting\"",
        body.toString(), true);
  }

  private static void appendRow(StringBuilder body, InboxRow row) {
    body.append("<tr").append(row.seen() ? "" : " class=\"unread\"").append(">")
        .append("<td class=\"subject\"><a href=\"").append(Html.escape(row.href())).append("\">")
        .append(Html.escape(row.subject().isEmpty() ? "(no subject)" : row.subject())).append("</a></td>")
        .append("<td class=\"from\" title=\"").append(Html.escape(row.fromAddress())).append("\">")
        .append(Html.escape(row.from())).append("</td>")
        .append("<td class=\"date\"><time datetime=\"").append(Html.escape(row.dateIso())).append("\">")
        .append(Html.escape(row.date())).append("</time></td>")
        .append("<td class=\"folder\">").append(Html.escape(row.folder())).append("</td></tr>\n");
  }

  static String json(String accountId, MessageList.Page page) {
    List<Map<String, Object>> messages = new ArrayList<>(page.rows().size());
    for (InboxRow row : page.rows()) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("subject", row.subject());
      message.put("from", row.from());
      message.put("from_address", row.fromAddress());
      message.put("date", row.date());
      message.put("date_iso", row.dateIso());
      message.put("folder", row.folder());
      message.put("imap_folder", row.imapFolder());
      message.put("uidvalidity", row.uidValidity());
      message.put("uid", row.uid());
      message.put("seen", row.seen());
      message.put("href", row.href());
      messages.add(message);
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("account", accountId);
    list.put("page", page.number());
    list.put("page_size", page.size());
    list.put("has_more", page.hasMore());
    list.put("messages", messages);
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
