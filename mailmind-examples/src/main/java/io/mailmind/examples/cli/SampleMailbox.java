package io.mailmind.examples.cli;

import io.mailmind.examples.cli.SampleMessageBuilder.Part;
import io.mailmind.examples.cli.SampleMessageBuilder.Person;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's mailbox: 52 messages over Inbox, Sent, Drafts, Archive and Archive/2023, generated the same way
 * every time. Newsletters in HTML (one with inline images, some HTML-only), conversations in threads,
 * attachments (PDF, CSV, calendar, pictures) and non-ASCII names, subjects and file names.
 */
final class SampleMailbox {
  /** One message to put in a folder, with its flags and INTERNALDATE. */
  record Sample(String folder, MimeMessage message, List<String> flags, Instant internalDate) {}

  static final String USER = "robin";
  static final Person ME = new Person("Robin Demo", "robin@mailmind.example");
  static final List<String> FOLDERS = List.of("INBOX", "Sent", "Drafts", "Archive", "Archive/2023");

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZonedDateTime NOW = ZonedDateTime.of(2025, 11, 21, 17, 30, 0, 0, BERLIN);

  private static final Person JOERG = new Person("Jörg Müller", "joerg.mueller@example.de");
  private static final Person ZOE = new Person("Zoë Ødegaard", "zoe@example.no");
  private static final Person FRANCOIS = new Person("François Lefèvre", "francois.lefevre@example.fr");
  private static final Person HANAKO = new Person("田中 花子", "hanako.tanaka@example.jp");
  private static final Person NIKOS = new Person("Νίκος Παπαδόπουλος", "nikos@example.gr");
  private static final Person ANA = new Person("Ana García", "ana.garcia@example.es");
  private static final Person WEEKLY = new Person("The Weekly Byte", "newsletter@weeklybyte.example");
  private static final Person CAFE = new Person("Café Lumière", "bonjour@cafe-lumiere.example");
  private static final Person TRAIL = new Person("Trail Runners Club", "club@trailrunners.example");
  private static final Person BANK = new Person("Northwind Bank", "no-reply@northwind-bank.example");
  private static final Person SHOP = new Person("Bücherstube am Markt", "shop@buecherstube.example");
  private static final Person TRACKER = new Person("Mailmind Issues", "issues@mailmind.example");

  private static final List<String> SEEN = List.of("\\Seen");
  private static final List<String> UNSEEN = List.of();

  private final Session session = Session.getInstance(new Properties());
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, List<String>> referencesById = new HashMap<>();

  private SampleMailbox() {}

  /** Every message of the sample mailbox, in the order to append them (oldest first within a folder). */
  static List<Sample> messages() {
    SampleMailbox box = new SampleMailbox();
    box.archive2023();
    box.archive();
    box.inbox();
    box.sent();
    box.drafts();
    return List.copyOf(box.samples);
  }

  /** The message the demo delivers while it watches the inbox. */
  static MimeMessage newMail(Instant now) {
    SampleMailbox box = new SampleMailbox();
    return box.message("<lunch-friday@example.no>")
        .from(ZOE).to(ME)
        .subject("Lunch on Friday? 🍕")
        .date(now.atZone(BERLIN))
        .text("Hi Robin,\n\nthe new pizzeria next to the office opens on Friday. Shall we try it at 12:30?\n\nZoë\n")
        .build();
  }

  // ---- folders ----

  private void inbox() {
    for (int issue = 41; issue <= 48; issue++) weeklyByte(issue);
    cafe(1, "☕ Nouveau : le flat white à l'avoine", 40);
    cafe(2, "Happy hour des croissants 🥐 vendredi", 26);
    cafe(3, "Votre carte fidélité : 9/10 tampons", 5);
    trailClub();
    String q3 = "<q3-figures@example.de>";
    add("INBOX", List.of("\\Answered", "\\Seen"), message(q3)
        .from(JOERG).to(ME).cc(NIKOS)
        .subject("Quartalszahlen Q3 – Übersicht")
        .date(daysAgo(12, 8, 47))
        .text("Hallo Robin,\n\nanbei die Übersicht für Q3 und die aktuellen Wechselkurse.\n"
            + "Kurz zusammengefasst:\n\n- Umsatz +4,2 % gegenüber Q2\n- Kosten stabil\n- Prognose für Q4 folgt\n\n"
            + "Schöne Grüße\nJörg\n")
        .attach(Part.attachment("Übersicht Q3.csv", "text/csv",
            "Region;Umsatz (€);Veränderung\nNord;1.204.500;+3,1 %\nSüd;987.250;+5,6 %\nWest;1.530.900;+4,0 %\n"))
        .attach(Part.attachment("€ rates.pdf", "application/pdf",
            SampleFiles.pdf("Exchange rates, 30 September 2025", "EUR/USD 1.1734", "EUR/GBP 0.8731",
                "EUR/CHF 0.9342", "EUR/JPY 173.76"))));
    String hike = "<trolltunga@example.no>";
    add("INBOX", List.of("\\Answered", "\\Flagged", "\\Seen"), message(hike)
        .from(ZOE).to(ME)
        .subject("Hiking trip to Trolltunga ⛰️")
        .date(daysAgo(10, 19, 5))
        .text("Hei Robin!\n\nI found the perfect weekend for Trolltunga: the forecast is dry and the huts are "
            + "open until the end of the month. It is a long day (10-12 hours), so we would start at 6.\n\n"
            + "Photo from last year attached. Are you in?\n\nZoë\n")
        .attach(Part.attachment("Trolltunga – utsikt.png", "image/png", SampleFiles.png(96, 64, 0x6fa8dc, 0x274e13))));
    add("INBOX", SEEN, message("<ordre-du-jour@example.fr>")
        .from(FRANCOIS).to(ME, JOERG)
        .subject("Réunion de lundi — ordre du jour")
        .date(daysAgo(9, 10, 12))
        .text("Bonjour à tous,\n\nvoici l'ordre du jour pour lundi :\n\n1. Bilan du trimestre\n"
            + "2. Migration vers le nouveau serveur de messagerie\n3. Questions diverses\n\n"
            + "La réunion aura lieu à 14 h dans la salle « Eiffel ».\n\nCordialement,\nFrançois\n"));
    add("INBOX", List.of("\\Answered", "\\Seen"), message("<uchiawase@example.jp>")
        .from(HANAKO).to(ME)
        .subject("来週の打ち合わせについて")
        .date(daysAgo(8, 2, 30))
        .text("ロビンさん\n\nお疲れ様です。田中です。\n来週の打ち合わせですが、水曜日の15時からでいかがでしょうか。\n"
            + "資料は前日までにお送りします。\n\nよろしくお願いいたします。\n田中 花子\n"));
    add("INBOX", SEEN, message("<slides-athens@example.gr>")
        .from(NIKOS).to(ME)
        .subject("Καλημέρα! Slides from the Athens conference")
        .date(daysAgo(7, 9, 41))
        .text("Καλημέρα Robin,\n\nas promised, the slides of my talk on mail archiving are attached.\n"
            + "Ευχαριστώ for the questions afterwards!\n\nΝίκος\n")
        .attach(Part.attachment("Διαφάνειες – mail archiving.pdf", "application/pdf",
            SampleFiles.pdf("Mail archiving at scale", "Nikos Papadopoulos", "Athens, November 2025",
                "1. Why IMAP is still everywhere", "2. UIDs, UIDVALIDITY and you", "3. Questions"))));
    add("INBOX", List.of("\\Answered", "\\Seen"), message("<cena-viernes@example.es>")
        .from(ANA).to(ME, ZOE)
        .subject("¿Cena el viernes? 🎉")
        .date(daysAgo(6, 18, 3))
        .text("¡Hola Robin!\n\n¿Te apetece cenar el viernes? Hay un restaurante gallego nuevo cerca de la "
            + "estación. Zoë también viene.\n\n¡Un abrazo!\nAna\n"));
    add("INBOX", SEEN, message("<statement-2025-10@northwind-bank.example>")
        .from(BANK).to(ME)
        .subject("Your October statement is ready")
        .date(daysAgo(19, 6, 0))
        .text("Dear Robin Demo,\n\nyour statement for October 2025 is attached.\n\nNorthwind Bank\n")
        .html("<html><body><p>Dear Robin Demo,</p><p>your statement for <b>October 2025</b> is attached.</p>"
            + "<table><tr><th>Opening balance</th><td>€ 2,418.77</td></tr>"
            + "<tr><th>Closing balance</th><td>€ 2,906.12</td></tr></table>"
            + "<p><small>Northwind Bank · This is an automated message.</small></p></body></html>")
        .attach(Part.attachment("Kontoauszug_2025-10.pdf", "application/pdf",
            SampleFiles.pdf("Northwind Bank - Statement October 2025", "Account holder: Robin Demo",
                "Opening balance EUR 2,418.77", "Closing balance EUR 2,906.12"))));
    add("INBOX", SEEN, message("<order-10442@buecherstube.example>")
        .from(SHOP).to(ME)
        .subject("Ihre Bestellung #10442 ist unterwegs 📦")
        .date(daysAgo(4, 11, 20))
        .html("<html><body><h2>Ihre Bestellung ist unterwegs</h2>"
            + "<p>Hallo Robin, Ihre Bestellung <strong>#10442</strong> hat unser Lager verlassen.</p>"
            + "<ul><li>„Die Känguru-Chroniken“ – 1 ×</li><li>„Der Schwarm“ – 1 ×</li></ul>"
            + "<p><a href=\"https://buecherstube.example/track/10442\">Sendung verfolgen</a></p>"
            + "<p>Ihre Bücherstube am Markt</p></body></html>"));
    add("INBOX", UNSEEN, message("<issue-42-comment-3@mailmind.example>")
        .from(TRACKER).to(ME)
        .subject("Re: [mailmind/mailmind] Sync stalls on folders with 100k messages (#42)")
        .date(daysAgo(1, 16, 2))
        .listId("mailmind.mailmind.example")
        .text("@robin the content phase now fetches in batches of 50 bounded by 32 MB; could you try again "
            + "with --batch-size 100?\n\n-- \nReply to this email directly or view it on the tracker.\n")
        .html("<html><body><p><a href=\"https://mailmind.example/robin\">@robin</a> the content phase now "
            + "fetches in batches of 50 bounded by 32 MB; could you try again with <code>--batch-size 100</code>?"
            + "</p><hr><p><small>Reply to this email directly or "
            + "<a href=\"https://mailmind.example/issues/42\">view it on the tracker</a>.</small></p></body></html>"));
    String q3Reply = "<q3-figures-reply@mailmind.example>";
    String q3Answer = "<q3-figures-answer@example.de>";
    referencesById.put(q3Reply, List.of(q3));
    add("INBOX", UNSEEN, message(q3Answer)
        .from(JOERG).to(ME)
        .subject("Re: Re: Quartalszahlen Q3 – Übersicht")
        .date(daysAgo(2, 9, 15))
        .replyTo(q3Reply, referencesById.get(q3Reply))
        .text("Hallo Robin,\n\ndie Prognose für Q4 kommt nächste Woche, versprochen.\n\nJörg\n\n"
            + "> Danke, Jörg! Wann kommt die Prognose für Q4?\n"));
    add("INBOX", UNSEEN, message("<hike-confirm@example.no>")
        .from(ZOE).to(ME)
        .subject("Re: Hiking trip to Trolltunga ⛰️")
        .date(daysAgo(3, 20, 44))
        .replyTo("<trolltunga-reply@mailmind.example>", List.of(hike))
        .text("Perfect, I booked the hut for Saturday night. Bring your head torch!\n\nZoë\n"));
  }

  private void sent() {
    add("Sent", SEEN, reply("<q3-figures-reply@mailmind.example>", "<q3-figures@example.de>", JOERG,
        "Re: Quartalszahlen Q3 – Übersicht", daysAgo(11, 9, 2),
        "Danke, Jörg! Wann kommt die Prognose für Q4?\n\nRobin\n"));
    add("Sent", SEEN, reply("<trolltunga-reply@mailmind.example>", "<trolltunga@example.no>", ZOE,
        "Re: Hiking trip to Trolltunga ⛰️", daysAgo(10, 21, 30),
        "Count me in! I will bring the stove and the coffee.\n\nRobin\n"));
    add("Sent", SEEN, reply("<ordre-du-jour-reply@mailmind.example>", "<ordre-du-jour@example.fr>", FRANCOIS,
        "Re: Réunion de lundi — ordre du jour", daysAgo(9, 11, 0),
        "Merci François, j'ajoute un point : le calendrier de la migration.\n\nRobin\n"));
    add("Sent", SEEN, reply("<uchiawase-reply@mailmind.example>", "<uchiawase@example.jp>", HANAKO,
        "Re: 来週の打ち合わせについて", daysAgo(8, 8, 10),
        "田中さん\n\n水曜日の15時で大丈夫です。よろしくお願いします。\n\nロビン\n"));
    add("Sent", SEEN, reply("<cena-reply@mailmind.example>", "<cena-viernes@example.es>", ANA,
        "Re: ¿Cena el viernes? 🎉", daysAgo(6, 19, 12),
        "¡Claro que sí! ¿A las nueve?\n\nRobin\n"));
    add("Sent", SEEN, message("<minutes-1103@mailmind.example>")
        .from(ME).to(FRANCOIS, JOERG, HANAKO)
        .subject("Protokoll der Besprechung vom 3. November")
        .date(daysAgo(18, 15, 40))
        .text("Hallo zusammen,\n\nanbei das Protokoll. Nächster Termin: 17. November.\n\nRobin\n")
        .attach(Part.attachment("Protokoll 2025-11-03.txt", "text/plain",
            "Protokoll 3. November 2025\n\nAnwesend: François, Jörg, Hanako, Robin\n\n"
                + "1. Migration: Start im Dezember\n2. Budget: freigegeben\n")));
    add("Sent", SEEN, message("<fwd-weekly-46@mailmind.example>")
        .from(ME).to(NIKOS)
        .subject("Fwd: The Weekly Byte #46")
        .date(daysAgo(14, 12, 0))
        .text("Nikos, the second article is exactly what we discussed in Athens.\n\n"
            + "---------- Forwarded message ----------\nFrom: The Weekly Byte\nSubject: The Weekly Byte #46\n"));
    add("Sent", SEEN, message("<invoice-question@mailmind.example>")
        .from(ME).to(new Person(null, "billing@conference.example"))
        .subject("Invoice 2025-0815: VAT number")
        .date(daysAgo(25, 10, 5))
        .text("Hello,\n\ncould you add our VAT number DE123456789 to invoice 2025-0815?\n\nThanks,\nRobin Demo\n"));
    add("Sent", SEEN, message("<photos-trip@mailmind.example>")
        .from(ME).to(ZOE, ANA)
        .subject("Photos from the weekend 📷")
        .date(daysAgo(2, 20, 20))
        .text("Here are the two best ones.\n")
        .attach(Part.attachment("sunrise.png", "image/png", SampleFiles.png(80, 48, 0xf6b26b, 0x3d85c6)))
        .attach(Part.attachment("summit.png", "image/png", SampleFiles.png(80, 48, 0x93c47d, 0x0b5394))));
    add("Sent", SEEN, message("<thanks-slides@mailmind.example>")
        .from(ME).to(NIKOS)
        .subject("Re: Καλημέρα! Slides from the Athens conference")
        .date(daysAgo(7, 10, 30))
        .replyTo("<slides-athens@example.gr>", List.of())
        .text("Ευχαριστώ, Νίκος! Slide 2 on UIDVALIDITY is going straight into our wiki.\n\nRobin\n"));
  }

  private void drafts() {
    List<String> draft = List.of("\\Draft", "\\Seen");
    add("Drafts", draft, message("<draft-1@mailmind.example>")
        .from(ME).to(JOERG)
        .subject("Q4 planning – first ideas")
        .date(daysAgo(1, 22, 10))
        .text("Jörg,\n\nsome first ideas for Q4:\n\n- \n"));
    add("Drafts", draft, message("<draft-2@mailmind.example>")
        .from(ME)
        .subject("Packing list Trolltunga")
        .date(daysAgo(4, 21, 0))
        .text("- head torch\n- stove + gas\n- 2 l water\n- rain jacket\n- Kvikk Lunsj\n"));
    add("Drafts", draft, message("<draft-3@mailmind.example>")
        .from(ME).to(ANA)
        .subject(null)
        .date(daysAgo(0, 9, 30))
        .text("Ana, ¿\n"));
    add("Drafts", draft, message("<draft-4@mailmind.example>")
        .from(ME).to(FRANCOIS)
        .subject("Calendrier de migration")
        .date(daysAgo(3, 17, 45))
        .text("François,\n\nproposition de calendrier :\n\nsemaine 49 : tests\nsemaine 50 : migration\n")
        .html("<html><body><p>François,</p><p>proposition de calendrier :</p>"
            + "<ol><li>semaine 49 : tests</li><li>semaine 50 : migration</li></ol></body></html>"));
  }

  private void archive() {
    String trip = "<booking-LIS-2024@travel.example>";
    add("Archive", SEEN, message(trip)
        .from(new Person("Atlantic Travel", "bookings@travel.example")).to(ME)
        .subject("Booking confirmation: Lisbon, 12–16 May 2024")
        .date(ZonedDateTime.of(2024, 3, 2, 14, 10, 0, 0, BERLIN))
        .text("Your trip to Lisbon is confirmed. Booking code: 7KQ2ZP.\n")
        .html("<html><body><h1>Your trip is confirmed ✈️</h1><p>Booking code <b>7KQ2ZP</b></p>"
            + "<table><tr><th>Flight</th><td>BER → LIS, 12 May 2024, 07:05</td></tr>"
            + "<tr><th>Hotel</th><td>Casa do Largo, 4 nights</td></tr></table></body></html>")
        .attach(Part.attachment("Itinerary LIS.pdf", "application/pdf",
            SampleFiles.pdf("Itinerary 7KQ2ZP", "BER - LIS 12 May 2024 07:05", "LIS - BER 16 May 2024 18:40"))));
    add("Archive", SEEN, message("<conf-invoice-2024@conference.example>")
        .from(new Person("MailConf 2024", "billing@conference.example")).to(ME)
        .subject("Invoice 2024-0412 – MailConf ticket")
        .date(ZonedDateTime.of(2024, 4, 12, 9, 0, 0, 0, BERLIN))
        .text("Thank you for your registration. Your invoice is attached.\n")
        .attach(Part.attachment("Invoice 2024-0412.pdf", "application/pdf",
            SampleFiles.pdf("Invoice 2024-0412", "MailConf 2024 ticket", "Total EUR 349.00"))));
    String[][] notes = {
        {"Welcome to the team, Robin!", "joerg", "Welcome aboard! Your desk is next to the window. Coffee is on the 3rd floor."},
        {"Wi-Fi password for the office", "joerg", "The guest network is 'Gäste'. Ask me for the password in person."},
        {"Summer party 🎆 – 28 June", "francois", "Rendez-vous sur la terrasse à partir de 18 h. Apportez vos amis !"},
        {"Book recommendation: 'Designing Data-Intensive Applications'", "nikos", "Chapter 5 on replication is the one I mentioned."},
        {"Your parcel was delivered", "shop", "Ihre Sendung wurde am 5. Juli 2024 zugestellt."},
        {"New year, new mailbox rules", "ana", "¡Feliz año! Let's agree on folder names for the shared mailbox."},
    };
    Map<String, Person> people = Map.of("joerg", JOERG, "francois", FRANCOIS, "nikos", NIKOS, "shop", SHOP, "ana", ANA);
    for (int i = 0; i < notes.length; i++) {
      add("Archive", i == 0 ? List.of("\\Flagged", "\\Seen") : SEEN, message("<archive-2024-" + (i + 1) + "@mailmind.example>")
          .from(people.get(notes[i][1])).to(ME)
          .subject(notes[i][0])
          .date(ZonedDateTime.of(2024, 1 + i * 2, 3 + i, 10 + i, 15, 0, 0, BERLIN))
          .text(notes[i][2] + "\n"));
    }
  }

  private void archive2023() {
    String[] subjects = {
        "Tax documents 2022", "Re: Apartment viewing on Saturday", "Old phone backup 📱",
        "Zeugnis und Arbeitsvertrag", "Photos: Kyoto trip 京都", "Recibo de la fianza",
    };
    Person[] senders = {BANK, ANA, ZOE, JOERG, HANAKO, ANA};
    for (int i = 0; i < subjects.length; i++) {
      SampleMessageBuilder message = message("<archive-2023-" + (i + 1) + "@mailmind.example>")
          .from(senders[i]).to(ME)
          .subject(subjects[i])
          .date(ZonedDateTime.of(2023, 2 + i * 2, 10 + i, 8 + i, 30, 0, 0, BERLIN))
          .text("Archived in 2023: " + subjects[i] + ".\n");
      if (i == 4) {
        message.attach(Part.attachment("金閣寺.png", "image/png", SampleFiles.png(64, 64, 0xffd966, 0x7f6000)));
      }
      if (i == 0) {
        message.attach(Part.attachment("Steuerbescheid 2022.pdf", "application/pdf",
            SampleFiles.pdf("Steuerbescheid 2022", "Robin Demo")));
      }
      add("Archive/2023", SEEN, message);
    }
  }

  // ---- newsletters ----

  private static final String[][] HEADLINES = {
      {"Records, sealed types and the art of small APIs", "https://weeklybyte.example/small-apis"},
      {"Why your IMAP client re-downloads everything", "https://weeklybyte.example/uidvalidity"},
      {"Virtual threads: what changed in JDK 24", "https://weeklybyte.example/jep-491"},
      {"Backoff with jitter, explained with dice", "https://weeklybyte.example/jitter"},
      {"PostgreSQL 18: what's in it for app developers", "https://weeklybyte.example/pg18"},
      {"Unicode in e-mail headers: RFC 2047 vs. RFC 6532", "https://weeklybyte.example/encoded-words"},
      {"Test with real servers, not mocks", "https://weeklybyte.example/real-servers"},
      {"Markdown as a storage format for mail", "https://weeklybyte.example/markdown-mail"},
  };

  private void weeklyByte(int issue) {
    int first = (issue * 3) % HEADLINES.length;
    StringBuilder items = new StringBuilder();
    StringBuilder plainItems = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      String[] headline = HEADLINES[(first + i) % HEADLINES.length];
      items.append("<li><a href=\"").append(headline[1]).append("\">").append(headline[0])
          .append("</a> — <em>").append(5 + (issue + i) % 9).append(" min read</em></li>");
      plainItems.append("* ").append(headline[0]).append(" (").append(headline[1]).append(")\n");
    }
    int readers = 12_000 + issue * 137;
    String html = "<html><body style=\"font-family:sans-serif\">"
        + "<h1>The Weekly Byte #" + issue + "</h1>"
        + "<p>Hello Robin, here is what caught our eye this week. <strong>Enjoy!</strong></p>"
        + "<h2>This week</h2><ul>" + items + "</ul>"
        + "<h2>Numbers of the week</h2>"
        + "<table><tr><th>Metric</th><th>Value</th></tr>"
        + "<tr><td>Readers</td><td>" + readers + "</td></tr>"
        + "<tr><td>Open rate</td><td>" + (40 + issue % 7) + " %</td></tr></table>"
        + "<p><a href=\"https://weeklybyte.example/unsubscribe\">Unsubscribe</a> · "
        + "<a href=\"https://weeklybyte.example/archive/" + issue + "\">View in browser</a></p>"
        + "</body></html>";
    String text = "The Weekly Byte #" + issue + "\n\nThis week:\n" + plainItems
        + "\nReaders: " + readers + "\n\nUnsubscribe: https://weeklybyte.example/unsubscribe\n";
    add("INBOX", issue < 47 ? SEEN : UNSEEN, message("<weekly-byte-" + issue + "@weeklybyte.example>")
        .from(WEEKLY).to(ME)
        .subject("The Weekly Byte #" + issue + ": " + HEADLINES[first][0])
        .date(daysAgo((48 - issue) * 7, 7, 0))
        .listId("weekly.weeklybyte.example")
        .text(text)
        .html(html));
  }

  private void cafe(int number, String subject, int daysAgo) {
    String html = "<html><body><p><img src=\"cid:logo@cafe-lumiere.example\" alt=\"Café Lumière\"></p>"
        + "<h1>" + subject + "</h1>"
        + "<p>Chers amis du café, cette semaine chez <b>Café Lumière</b> :</p>"
        + "<ul><li>Flat white à l'avoine — 3,80 €</li><li>Croissant au beurre — 1,60 €</li>"
        + "<li>Tarte aux pommes maison — 4,20 €</li></ul>"
        + "<p><img src=\"cid:photo-" + number + "@cafe-lumiere.example\" alt=\"Photo\"></p>"
        + "<p>À bientôt !<br>L'équipe du Café Lumière</p></body></html>";
    add("INBOX", number == 3 ? UNSEEN : SEEN, message("<promo-" + number + "@cafe-lumiere.example>")
        .from(CAFE).to(ME)
        .subject(subject)
        .date(daysAgo(daysAgo, 8, 30))
        .html(html)
        .inline(Part.inlineImage("logo.png", "logo@cafe-lumiere.example", SampleFiles.png(120, 40, 0x5b3a29, 0xc9a27e)))
        .inline(Part.inlineImage("café-" + number + ".png", "photo-" + number + "@cafe-lumiere.example",
            SampleFiles.png(160, 90, 0xe6b8af, 0x783f04))));
  }

  private void trailClub() {
    String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Trail Runners Club//DE\r\nBEGIN:VEVENT\r\n"
        + "UID:lauf-im-gruenen-2025@trailrunners.example\r\nDTSTART:20251129T080000Z\r\n"
        + "DTEND:20251129T110000Z\r\nSUMMARY:Lauf im Grünen – 18 km\r\nLOCATION:Grunewald, Parkplatz Süd\r\n"
        + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    add("INBOX", SEEN, message("<run-2025-11@trailrunners.example>")
        .from(TRAIL).to(ME)
        .subject("Lauf im Grünen: Samstag, 29. November")
        .date(daysAgo(5, 12, 0))
        .text("Hallo Läuferinnen und Läufer,\n\nam Samstag laufen wir 18 km durch den Grunewald. "
            + "Treffpunkt 9 Uhr am Parkplatz Süd. Termin im Anhang.\n\nEuer Trail Runners Club\n")
        .html("<html><body><h2>Lauf im Grünen 🌲</h2><p>Am <b>Samstag, 29. November</b> laufen wir "
            + "<b>18 km</b> durch den Grunewald.</p><ul><li>Treffpunkt: 9 Uhr, Parkplatz Süd</li>"
            + "<li>Tempo: gemütlich (6:30 min/km)</li><li>Danach: Kaffee &amp; Kuchen</li></ul>"
            + "<p>Termin im Anhang.</p></body></html>")
        .attach(Part.attachment("Lauf im Grünen.ics", "text/calendar", ics)));
    add("INBOX", SEEN, message("<results-2025-10@trailrunners.example>")
        .from(TRAIL).to(ME)
        .subject("Ergebnisse: Herbstlauf 2025 🏅")
        .date(daysAgo(22, 18, 0))
        .html("<html><body><h2>Ergebnisse Herbstlauf</h2><ol><li>Zoë Ødegaard – 1:32:10</li>"
            + "<li>Robin Demo – 1:35:48</li><li>Jörg Müller – 1:41:03</li></ol>"
            + "<p>Herzlichen Glückwunsch an alle!</p></body></html>"));
  }

  // ---- helpers ----

  private SampleMessageBuilder message(String messageId) {
    return new SampleMessageBuilder(session, messageId);
  }

  private MimeMessage reply(String id, String parentId, Person to, String subject, ZonedDateTime date, String text) {
    SampleMessageBuilder reply = message(id).from(ME).to(to).subject(subject).date(date)
        .replyTo(parentId, referencesById.getOrDefault(parentId, List.of()))
        .text(text);
    referencesById.put(id, reply.references());
    return reply.build();
  }

  private static ZonedDateTime daysAgo(int days, int hour, int minute) {
    return NOW.minusDays(days).withHour(hour).withMinute(minute);
  }

  private void add(String folder, List<String> flags, SampleMessageBuilder message) {
    add(folder, flags, message.build());
  }

  private void add(String folder, List<String> flags, MimeMessage message) {
    try {
      Instant sent = message.getSentDate() != null ? message.getSentDate().toInstant() : NOW.toInstant();
      samples.add(new Sample(folder, message, flags, sent.plusSeconds(2 + samples.size() % 5)));
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
