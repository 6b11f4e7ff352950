#!/usr/bin/env python3
"""Deterministic synthetic mailbox generator (Python 3 standard library only).

Writes N RFC 5322 messages straight into a Maildir++ tree (the one Dovecot serves
for the test user, by default /tmp/mm-dovecot/mail/bench):

  INBOX   60 %   <root>/{cur,new,tmp}
  Sent    15 %   <root>/.Sent/...
  Archive 20 %   <root>/.Archive/...
  Drafts   2 %   <root>/.Drafts/...
  Trash    3 %   <root>/.Trash/...

Message mix (exact shares, randomly interleaved):
  60 % newsletters: multipart/alternative text/plain + text/html (quoted-printable), 5-40 KB
  25 % short plain-text mails, 1-4 KB
  10 % mails with 1-3 attachments (PDF-like random bytes, base64, 50 KB - 2 MB each, log-uniform)
   5 % non-ASCII mails: RFC 2047 encoded Subject/From names in ISO-8859-1, UTF-8 or Shift_JIS,
       bodies in the same charset (QP, 8bit or base64)
Headers: Return-Path, Received chain, Message-ID, Date (spread over the 3 years before
2025-01-01, random zones), From/To/Cc, List-Id/List-Unsubscribe/DKIM-Signature on newsletters;
~20 % of all messages are replies (In-Reply-To/References) forming threads.
Flags: \\Seen on 70 %, \\Flagged on 5 %, \\Answered on ~10 %, \\Draft on everything in Drafts.
The file mtime (= Dovecot's INTERNALDATE for Maildir) is the Date header's instant, and file
names carry S=<size>,W=<CRLF size> like Dovecot's own deliveries.

Same --count/--seed (and same Python version) => byte-identical messages; the printed
sha256 lets you check that. Prints the total bytes at the end, and writes a JSON manifest.

Additions for Mailmind's bench/ (the defaults still give the reference mailbox, byte for byte):
  --mix plain          95 % short plain-text mails, 5 % non-ASCII ones (no newsletters, no
                       attachments): a large mailbox that is quick to generate and to mirror, for
                       the no-change resync at 50,000 messages
  --big-attachment-mb N  one more INBOX message (the newest) with a single N MB attachment
                       (random bytes, base64), for the memory case
"""
import argparse
import base64
import binascii
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time

FOLDERS = [("INBOX", 0.60), ("Sent", 0.15), ("Archive", 0.20), ("Drafts", 0.02), ("Trash", 0.03)]
KINDS = [("newsletter", 0.60), ("plain", 0.25), ("attach", 0.10), ("intl", 0.05)]
MIXES = {"default": KINDS, "plain": [("plain", 0.95), ("intl", 0.05)]}
END_TS = 1735689600            # 2025-01-01T00:00:00Z: fixed anchor, not "now"
SPAN = 3 * 365 * 86400         # 3 years
ME_NAME, ME_ADDR = "Bench User", "bench@example.org"

FIRST = ("Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj Olivia Peggy "
         "Rupert Sybil Trent Victor Walter Yolanda Zoe Liam Emma Noah Ava Mia Lucas Sofia "
         "Ethan Chloe Mason Harper Logan Ella Jacob Aria Henry Nora Owen Lily").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
        "White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams").split()
DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com", "corp.example.net",
           "lists.example.org", "university.example.edu", "shop.example.com"]
WORDS = ("the of and to in is you that it he was for on are as with his they at be this from "
         "have or by one had not but what all were when we there can an your which their said "
         "if do will each about how up out them then she many some so these would other into has "
         "more her two like him see time could no make than first been its who now people my "
         "made over did down only way find use may water long little very after words called "
         "just where most know get through back much before go good new write our used me man "
         "too any day same right look think also around another came come work three word must "
         "because does part even place well such here take why things help put years different "
         "away again off went old number great tell men say small every found still between name "
         "should home big give air line set own under read last never us left end along while "
         "might next sound below saw something thought both few those always looked show large "
         "often together asked house world going want school important until form food keep "
         "children feet land side without boy once animals life enough took sometimes four head "
         "above kind began almost live page got earth need far hand high year mother light parts "
         "country father let night following picture being study second eyes soon times story "
         "project meeting update report release invoice schedule budget review draft quarterly "
         "customer product feature roadmap deadline launch server backup migration contract "
         "offer discount newsletter weekly digest subscription account security payment order").split()
NEWS_BRANDS = ["Weekly Digest", "Tech Radar", "Daily Brief", "Shop Deals", "Travel Club",
               "Dev Notes", "Cloud News", "Book Corner", "Finance Today", "Garden Tips",
               "Sports Recap", "Music Box", "Science Now", "Local Events", "Recipe Box",
               "Product Updates", "Security Bulletin", "Community Forum", "Job Alerts", "Podcast Feed"]
MAILERS = ["Mozilla Thunderbird 115.6.0", "Apple Mail (2.3731.700.6)", "Microsoft Outlook 16.0",
           "Roundcube Webmail/1.6.5", "K-9 Mail for Android", "Mutt/2.2.12", "Evolution 3.50.2"]
INTL = {
    "iso-8859-1": {
        "names": ["Jürgen Müller", "Zoë Ångström", "François Lefèvre", "Ingrid Søndergård",
                  "José Peña", "Björn Öberg", "Hélène Dubois", "Günther Groß"],
        "subjects": ["Grüße aus München", "Übersicht über die Änderungen", "Réunion: ordre du jour",
                     "Größenänderung der Dateien", "Café am Freitag?", "Rückfrage zur Straßenplanung",
                     "Année fiscale: résumé", "Señal de aprobación"],
        "body": ["Sehr geehrte Damen und Herren,", "anbei die Übersicht über die Änderungen.",
                 "Die Größe der Dateien hat sich verändert.", "Mit freundlichen Grüßen",
                 "Nous avons reçu votre demande, merci.", "À bientôt, et bonne journée !",
                 "Straße, Fußgängerzone und Öffnungszeiten.", "Años de experiencia en diseño."],
        "cte": "quoted-printable",
    },
    "utf-8": {
        "names": ["Łukasz Żółć", "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов", "Nguyễn Văn An",
                  "Zoë Ångström", "Çağrı Yılmaz", "李小龍", "Søren Kierkegård"],
        "subjects": ["Réunion de l'équipe — ordre du jour 🎉", "Отчёт за квартал", "Σύσκεψη αύριο",
                     "Zażółć gęślą jaźń", "Lịch họp tuần sau", "✓ Bestätigung Ihrer Bestellung",
                     "会议纪要 — 第三季度", "Crème brûlée & café ☕"],
        "body": ["Привет! Отчёт во вложении.", "Γεια σας, η σύσκεψη είναι αύριο.",
                 "Zażółć gęślą jaźń — test polskich znaków.", "Chào bạn, lịch họp đã được cập nhật.",
                 "会议纪要请见下文。谢谢！", "Grüße, Zoë ✓", "Emoji test: 🎉 🚀 ☕ 📎",
                 "Crème brûlée, naïve café, coöperation."],
        "cte": "8bit",
    },
    "shift_jis": {
        "names": ["山田太郎", "佐藤花子", "鈴木一郎", "高橋美咲", "田中健", "伊藤さくら"],
        "subjects": ["会議の資料について", "来週の打ち合わせ", "お見積りのご送付", "報告書(第3四半期)",
                     "ご確認のお願い", "東京出張の件", "新製品発表会のご案内"],
        "body": ["お世話になっております。", "会議の資料を送付いたします。",
                 "ご確認のほどよろしくお願いいたします。", "来週の打ち合わせについてご連絡します。",
                 "株式会社サンプル 営業部", "東京都千代田区1-2-3", "以上、よろしくお願いいたします。"],
        "cte": "base64",
    },
}


def exact_assign(rng, n, shares):
    """Exact counts per share (rounded, remainder to the first), randomly ordered."""
    counts = [int(round(n * p)) for _, p in shares]
    counts[0] += n - sum(counts)
    out = []
    for (name, _), c in zip(shares, counts):
        out.extend([name] * c)
    rng.shuffle(out)
    return out


def fmt_date(ts, tzmin):
    t = time.gmtime(ts + tzmin * 60)
    sign = "+" if tzmin >= 0 else "-"
    a = abs(tzmin)
    return "%s, %02d %s %04d %02d:%02d:%02d %s%02d%02d" % (
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[t.tm_wday], t.tm_mday,
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[t.tm_mon - 1],
        t.tm_year, t.tm_hour, t.tm_min, t.tm_sec, sign, a // 60, a % 60)


def enc_word(text, charset, mode=None):
    """RFC 2047 encoded-word(s), each <= 75 chars, folded with CRLF-SP (LF-SP here).

    Written by hand because email.header maps Shift_JIS to ISO-2022-JP on output."""
    mode = mode or ("B" if charset in ("shift_jis", "utf-8") else "Q")
    words, chunk = [], ""

    def encode(t):
        raw = t.encode(charset)
        if mode == "B":
            return "=?%s?B?%s?=" % (charset.upper() if charset != "shift_jis" else "Shift_JIS",
                                    base64.b64encode(raw).decode())
        q = "".join(chr(b) if (chr(b).isalnum() and b < 128) else ("_" if b == 32 else "=%02X" % b) for b in raw)
        return "=?%s?Q?%s?=" % (charset.upper(), q)

    for ch in text:
        if chunk and len(encode(chunk + ch)) > 75:
            words.append(encode(chunk))
            chunk = ch
        else:
            chunk += ch
    if chunk:
        words.append(encode(chunk))
    return "\n ".join(words)


def b64_lines(data):
    b = base64.b64encode(data)
    return b"\n".join(b[i:i + 76] for i in range(0, len(b), 76)) + b"\n"


def qp(data):
    return binascii.b2a_qp(data, istext=True)


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        r = self.rng
        self.contacts = []
        for _ in range(300):
            f, l = r.choice(FIRST), r.choice(LAST)
            addr = "%s.%s%s@%s" % (f.lower(), l.lower(), r.choice(["", "", str(r.randrange(10, 99))]),
                                   r.choice(DOMAINS))
            self.contacts.append(('"%s %s"' % (f, l) if r.random() < 0.2 else "%s %s" % (f, l), addr))
        self.brands = []
        for i, b in enumerate(NEWS_BRANDS):
            slug = b.lower().replace(" ", "-")
            self.brands.append((b, "news@%s.example.com" % slug, slug))

    # --- text helpers -------------------------------------------------------------
    def words(self, n):
        return " ".join(self.rng.choices(WORDS, k=n))

    def sentence(self):
        s = self.words(self.rng.randrange(6, 18))
        return s[0].upper() + s[1:] + self.rng.choice([".", ".", ".", "?", "!"])

    def paragraph_text(self, approx_bytes, width=72):
        """Plain text paragraphs wrapped at `width`, about approx_bytes long."""
        out, size = [], 0
        while size < approx_bytes:
            para = " ".join(self.sentence() for _ in range(self.rng.randrange(2, 7)))
            line, lines = "", []
            for w in para.split(" "):
                if len(line) + len(w) + 1 > width:
                    lines.append(line)
                    line = w
                else:
                    line = w if not line else line + " " + w
            lines.append(line)
            block = "\n".join(lines) + "\n\n"
            out.append(block)
            size += len(block)
        return "".join(out)

    def subject(self):
        s = self.words(self.rng.randrange(3, 9))
        return s[0].upper() + s[1:]

    def msgid(self, domain):
        return "<%s.%s@%s>" % (self.rng.getrandbits(64).to_bytes(8, "big").hex(),
                               self.rng.getrandbits(32).to_bytes(4, "big").hex(), domain)

    def boundary(self):
        return "----=_Part_%d_%s" % (self.rng.randrange(10 ** 6), self.rng.getrandbits(64).to_bytes(8, "big").hex())

    def received(self, ts, tzmin, frm_domain):
        r = self.rng
        hops = []
        t = ts
        for _ in range(r.randrange(1, 4)):
            ip = "%s.%d" % (r.choice(["192.0.2", "198.51.100", "203.0.113"]), r.randrange(1, 255))
            hops.append("Received: from mx%d.%s (mx%d.%s [%s])\n\tby mail.example.org (Postfix) with ESMTPS id %s\n"
                        "\tfor <%s>; %s\n" % (r.randrange(1, 9), frm_domain, r.randrange(1, 9), frm_domain, ip,
                                               r.getrandbits(40).to_bytes(5, "big").hex().upper(), ME_ADDR,
                                               fmt_date(t, tzmin)))
            t -= r.randrange(1, 30)
        return "".join(hops)

    def dkim(self, domain):
        r = self.rng
        b = base64.b64encode(r.randbytes(256)).decode()
        bh = base64.b64encode(r.randbytes(32)).decode()
        b = "\n\t ".join(b[i:i + 70] for i in range(0, len(b), 70))
        return ("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s;\n\ts=s%d; t=%d;\n"
                "\th=from:to:subject:date:message-id:list-unsubscribe:mime-version:content-type;\n"
                "\tbh=%s;\n\tb=%s\n" % (domain, r.randrange(1, 4), r.randrange(10 ** 9, 2 * 10 ** 9), bh, b))

    # --- bodies -------------------------------------------------------------------
    def html_newsletter(self, approx_bytes, brand, slug):
        r = self.rng
        parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title>\n'
                 '<style>body{font-family:Arial,sans-serif;background:#f4f4f4;margin:0}'
                 '.wrap{max-width:640px;margin:0 auto;background:#ffffff}'
                 'h1{color:#333333;font-size:24px}.btn{background:#0066cc;color:#fff;padding:10px 18px}'
                 '</style></head>\n<body><table class="wrap" width="100%%" cellpadding="0" cellspacing="0">\n'
                 '<tr><td><img src="https://cdn.%s.example.com/logo.png" width="200" height="50" alt="%s"></td></tr>\n'
                 % (brand, slug, brand)]
        size = len(parts[0])
        while size < approx_bytes:
            aid = r.getrandbits(48).to_bytes(6, "big").hex()
            blk = ('<tr><td style="padding:16px 24px;border-bottom:1px solid #eeeeee">\n'
                   '<h2 style="margin:0 0 8px 0;font-size:18px;color:#222222">%s</h2>\n'
                   '<p style="margin:0 0 12px 0;line-height:1.5;color:#555555">%s</p>\n'
                   '<a class="btn" href="https://click.%s.example.com/track?u=%s&amp;id=%s&amp;utm_source=newsletter&amp;utm_medium=email">Read more</a>\n'
                   '</td></tr>\n' % (self.subject(), " ".join(self.sentence() for _ in range(r.randrange(2, 6))),
                                     slug, r.getrandbits(32), aid))
            parts.append(blk)
            size += len(blk)
        parts.append('<tr><td style="font-size:11px;color:#999999;padding:24px">You receive this because you '
                     'subscribed. <a href="https://%s.example.com/unsubscribe?u=%d">Unsubscribe</a></td></tr>\n'
                     '</table></body></html>\n' % (slug, r.getrandbits(32)))
        return "".join(parts)

    def intl_text(self, charset):
        r = self.rng
        d = INTL[charset]
        lines = [r.choice(d["body"]) for _ in range(r.randrange(4, 12))]
        return "\n".join(lines) + "\n\n" + self.paragraph_text(r.randrange(300, 1500))


def build(g, m):
    """Return message bytes (LF line endings) for message descriptor m."""
    r = g.rng
    kind = m["kind"]
    h = []
    frm_name, frm_addr = m["from"]
    frm_domain = frm_addr.split("@")[1]
    if m["folder"] not in ("Sent", "Drafts"):
        h.append("Return-Path: <%s>\n" % frm_addr)
        h.append("Delivered-To: %s\n" % ME_ADDR)
        h.append(g.received(m["ts"], m["tz"], frm_domain))
    if kind == "newsletter":
        h.append(g.dkim(frm_domain))
    h.append("Message-ID: %s\n" % m["msgid"])
    h.append("Date: %s\n" % fmt_date(m["ts"], m["tz"]))
    h.append("From: %s <%s>\n" % (frm_name, frm_addr))
    h.append("To: %s\n" % ",\n ".join("%s <%s>" % t for t in m["to"]))
    if m["cc"]:
        h.append("Cc: %s\n" % ",\n ".join("%s <%s>" % t for t in m["cc"]))
    h.append("Subject: %s\n" % m["subject_hdr"])
    if m.get("in_reply_to"):
        h.append("In-Reply-To: %s\n" % m["in_reply_to"])
        refs = m["references"]
        h.append("References: %s\n" % "\n ".join(refs))
    h.append("MIME-Version: 1.0\n")

    if kind == "newsletter":
        brand, _, slug = m["brand"]
        h.append("List-Id: %s <%s.lists.example.com>\n" % (brand, slug))
        h.append("List-Unsubscribe: <https://%s.example.com/unsubscribe?u=%d>, <mailto:unsubscribe@%s.example.com>\n"
                 % (slug, r.getrandbits(32), slug))
        h.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click\n")
        h.append("Precedence: bulk\nX-Campaign-ID: %d\n" % r.randrange(10 ** 6, 10 ** 7))
        target = m["target"]
        html = g.html_newsletter(int(target * 0.62), brand, slug).encode()
        text = g.paragraph_text(int(target * 0.22)).encode()
        bd = g.boundary()
        h.append('Content-Type: multipart/alternative;\n boundary="%s"\n' % bd)
        body = (b"This is a multi-part message in MIME format.\n\n--" + bd.encode() +
                b"\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
                qp(text) + b"\n--" + bd.encode() +
                b"\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
                qp(html) + b"\n--" + bd.encode() + b"--\n")
    elif kind == "plain":
        h.append("User-Agent: %s\n" % m["mailer"])
        h.append("Content-Type: text/plain; charset=us-ascii; format=flowed\nContent-Transfer-Encoding: 7bit\n")
        body = g.paragraph_text(m["target"]).encode()
        if m.get("in_reply_to"):
            quoted = "".join("> " + ln + "\n" for ln in g.paragraph_text(r.randrange(150, 600)).splitlines())
            body += ("\nOn %s, %s wrote:\n" % (fmt_date(m["ts"] - r.randrange(3600, 86400 * 3), m["tz"]),
                                               g.rng.choice(g.contacts)[0])).encode() + quoted.encode()
    elif kind == "intl":
        cs = m["charset"]
        h.append("User-Agent: %s\n" % m["mailer"])
        text = g.intl_text(cs)
        raw = text.encode(cs, errors="replace")
        cte = INTL[cs]["cte"]
        if cte == "quoted-printable":
            enc = qp(raw)
        elif cte == "base64":
            enc = b64_lines(raw)
        else:
            enc = raw
        h.append("Content-Type: text/plain; charset=%s\nContent-Transfer-Encoding: %s\n" % (cs.upper(), cte))
        body = enc
    else:  # attach
        h.append("User-Agent: %s\n" % m["mailer"])
        bd = g.boundary()
        h.append('Content-Type: multipart/mixed;\n boundary="%s"\n' % bd)
        parts = [b"This is a multi-part message in MIME format.\n"]
        text = g.paragraph_text(r.randrange(400, 2500)).encode()
        parts.append(b"--" + bd.encode() + b"\nContent-Type: text/plain; charset=utf-8; format=flowed\n"
                     b"Content-Transfer-Encoding: 7bit\n\n" + text)
        for size in m["attachments"]:
            stem = g.words(r.randrange(1, 4)).replace(" ", "_")
            if r.random() < 0.15:
                fname = "Übersicht_%s.pdf" % stem
                disp = "attachment;\n filename*=UTF-8''%s" % "".join(
                    c if c.isascii() and (c.isalnum() or c in "._-") else "".join("%%%02X" % b for b in c.encode())
                    for c in fname)
                ctype = 'application/pdf; name="=?UTF-8?Q?%s?="' % "".join(
                    c if c.isascii() and c.isalnum() else "".join("=%02X" % b for b in c.encode()) for c in fname)
            else:
                fname = "%s.pdf" % stem
                disp = 'attachment;\n filename="%s"' % fname
                ctype = 'application/pdf;\n name="%s"' % fname
            head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            tail = b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
            data = head + r.randbytes(max(0, size - len(head) - len(tail))) + tail
            parts.append(b"\n--" + bd.encode() + ("\nContent-Type: %s\nContent-Transfer-Encoding: base64\n"
                                                   "Content-Disposition: %s\n\n" % (ctype, disp)).encode() +
                         b64_lines(data))
        parts.append(b"\n--" + bd.encode() + b"--\n")
        body = b"".join(parts)
    return "".join(h).encode() + b"\n" + body


def plan(g, count, mix=KINDS):
    """Decide folder/kind/flags/dates/threads for every message (deterministic)."""
    r = g.rng
    folders = exact_assign(r, count, FOLDERS)
    kinds = exact_assign(r, count, mix)
    # \Seen on exactly 70 %: everything in Sent, the rest drawn from INBOX/Archive/Trash
    forced = [i for i in range(count) if folders[i] == "Sent"]
    pool = [i for i in range(count) if folders[i] not in ("Sent", "Drafts")]
    want = max(0, min(len(pool), int(round(count * 0.70)) - len(forced)))
    seen = set(forced) | set(r.sample(pool, want))
    flagged = set(r.sample(range(count), int(round(count * 0.05))))
    msgs = []
    for i in range(count):
        ts = END_TS - SPAN + r.randrange(SPAN)
        msgs.append({"i": i, "folder": folders[i], "kind": kinds[i], "ts": ts,
                     "tz": r.choice([-480, -420, -300, -240, 0, 0, 60, 60, 120, 330, 540, 600])})
    msgs.sort(key=lambda m: (m["ts"], m["i"]))
    # threads: ~20 % of all messages reply to an earlier non-newsletter message
    personal = [k for k, m in enumerate(msgs) if m["kind"] != "newsletter"]
    n_replies = int(round(count * 0.20))
    candidates = personal[1:]
    reply_idx = set(r.sample(candidates, min(n_replies, len(candidates))))
    pos_in_personal = {k: p for p, k in enumerate(personal)}
    for k, m in enumerate(msgs):
        kind, folder = m["kind"], m["folder"]
        if kind == "newsletter":
            m["brand"] = r.choice(g.brands)
            m["from"] = (m["brand"][0], m["brand"][1])
            m["to"] = [(ME_NAME, ME_ADDR)]
            m["cc"] = []
            m["subject"] = "%s: %s" % (m["brand"][0], g.subject())
            m["target"] = int(math.exp(r.uniform(math.log(5000), math.log(40000))))
        else:
            other = r.choice(g.contacts)
            if folder in ("Sent", "Drafts"):
                m["from"] = (ME_NAME, ME_ADDR)
                m["to"] = [other] + ([r.choice(g.contacts)] if r.random() < 0.2 else [])
            else:
                m["from"] = other
                m["to"] = [(ME_NAME, ME_ADDR)] + ([r.choice(g.contacts)] if r.random() < 0.15 else [])
            m["cc"] = [r.choice(g.contacts) for _ in range(r.randrange(1, 4))] if r.random() < 0.3 else []
            m["subject"] = g.subject()
            m["mailer"] = r.choice(MAILERS)
            if kind == "plain":
                m["target"] = r.randrange(300, 2400)   # + ~0.6-1.2 KB headers (+ quote) => ~1-4 KB
            elif kind == "attach":
                m["attachments"] = [int(math.exp(r.uniform(math.log(50_000), math.log(2_000_000))))
                                    for _ in range(r.randrange(1, 4))]
            else:
                cs = r.choice(list(INTL))
                m["charset"] = cs
                name = r.choice(INTL[cs]["names"])
                m["subject"] = r.choice(INTL[cs]["subjects"])
                if folder in ("Sent", "Drafts"):
                    m["to"] = [(enc_word(name, cs), m["to"][0][1])]
                else:
                    m["from"] = (enc_word(name, cs), m["from"][1])
        m["msgid"] = g.msgid(m["from"][1].split("@")[1])
        if k in reply_idx:
            p = pos_in_personal[k]
            parent = msgs[personal[r.randrange(max(0, p - 200), p)]]
            m["in_reply_to"] = parent["msgid"]
            m["references"] = (parent.get("references") or [])[-9:] + [parent["msgid"]]
            base = parent["subject"]
            m["subject"] = base if base.startswith("Re: ") else "Re: " + base
        # RFC 2047 for non-ASCII subjects, plain text otherwise
        if m["subject"].isascii():
            m["subject_hdr"] = m["subject"]
        else:
            cs = m.get("charset") or "utf-8"
            try:
                m["subject"].encode(cs)
            except UnicodeEncodeError:       # reply to a message in another charset
                cs = "utf-8"
            m["subject_hdr"] = enc_word(m["subject"], cs, "Q" if r.random() < 0.5 and cs == "utf-8" else None)
        fl = set()
        if m["i"] in seen:
            fl.add("S")
        if m["i"] in flagged:
            fl.add("F")
        if folder == "Drafts":
            fl.add("D")
        if folder == "INBOX" and kind != "newsletter" and "S" in fl and r.random() < 0.25:
            fl.add("R")
        m["flags"] = "".join(sorted(fl))
    return msgs


def big_message(seed, mb, msgs, g):
    """One more INBOX message, newer than all others, with a single attachment of mb MB."""
    r = random.Random(seed * 7919 + mb)
    ts = max(m["ts"] for m in msgs) + 60
    size = mb * 1000 * 1000
    return {"i": len(msgs), "folder": "INBOX", "kind": "attach", "ts": ts, "tz": 0,
            "from": r.choice(g.contacts), "to": [(ME_NAME, ME_ADDR)], "cc": [],
            "subject": "Big file (%d MB)" % mb, "subject_hdr": "Big file (%d MB)" % mb,
            "mailer": MAILERS[0], "attachments": [size],
            "msgid": "<big-%d-%d@example.com>" % (seed, mb), "flags": ""}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--maildir", default=os.environ.get("MM_MAILDIR", "/tmp/mailmind-bench/dovecot/mail/bench"),
                    help="Maildir++ root of the test user (default %(default)s)")
    ap.add_argument("--clean", action="store_true",
                    help="delete everything under --maildir first (messages and Dovecot indexes)")
    ap.add_argument("--mix", choices=sorted(MIXES), default="default",
                    help="message mix: default (the reference mix) or plain (small text mails only)")
    ap.add_argument("--big-attachment-mb", type=int, default=0,
                    help="add one newest INBOX message with a single attachment of this many MB")
    ap.add_argument("--manifest", default=None,
                    help="JSON manifest path (default <maildir>.manifest.json, next to the Maildir root)")
    a = ap.parse_args()

    root = os.path.abspath(a.maildir)
    os.makedirs(root, exist_ok=True)
    st = os.stat(root)
    owner = (st.st_uid, st.st_gid)
    existing = os.listdir(root)
    if existing:
        if not a.clean:
            sys.exit("%s is not empty; pass --clean to wipe it first" % root)
        for e in existing:
            p = os.path.join(root, e)
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p)
            else:
                os.unlink(p)

    def mk(path):
        os.makedirs(path, exist_ok=True)
        if os.geteuid() == 0:
            os.chown(path, *owner)

    dirs = {}
    for name, _ in FOLDERS:
        d = root if name == "INBOX" else os.path.join(root, "." + name)
        mk(d)
        for sub in ("cur", "new", "tmp"):
            mk(os.path.join(d, sub))
        if name != "INBOX":
            open(os.path.join(d, "maildirfolder"), "w").close()
            if os.geteuid() == 0:
                os.chown(os.path.join(d, "maildirfolder"), *owner)
        dirs[name] = d
    with open(os.path.join(root, "subscriptions"), "w") as f:
        f.write("".join(n + "\n" for n, _ in FOLDERS if n != "INBOX"))
    if os.geteuid() == 0:
        os.chown(os.path.join(root, "subscriptions"), *owner)

    t0 = time.time()
    g = Gen(a.seed)
    msgs = plan(g, a.count, MIXES[a.mix])
    if a.big_attachment_mb > 0:
        msgs.append(big_message(a.seed, a.big_attachment_mb, msgs, g))
    sha = hashlib.sha256()
    stats = {n: {"messages": 0, "bytes": 0, "rfc822_bytes": 0} for n, _ in FOLDERS}
    kinds = {k: {"messages": 0, "bytes": 0} for k, _ in KINDS}
    flags = {"S": 0, "F": 0, "R": 0, "D": 0}
    total = total_crlf = 0
    for seq, m in enumerate(msgs):
        data = build(g, m)
        size = len(data)
        vsize = size + data.count(b"\n")
        sha.update(data)
        fname = "%d.M%dP0.mmbench,S=%d,W=%d:2,%s" % (m["ts"], seq, size, vsize, m["flags"])
        path = os.path.join(dirs[m["folder"]], "cur", fname)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (m["ts"], m["ts"]))
        if os.geteuid() == 0:
            os.chown(path, *owner)
        s = stats[m["folder"]]
        s["messages"] += 1
        s["bytes"] += size
        s["rfc822_bytes"] += vsize
        kinds[m["kind"]]["messages"] += 1
        kinds[m["kind"]]["bytes"] += size
        for c in m["flags"]:
            flags[c] += 1
        total += size
        total_crlf += vsize
        if (seq + 1) % 1000 == 0:
            print("  %d/%d messages, %.1f MB, %.1fs" % (seq + 1, len(msgs), total / 1e6, time.time() - t0),
                  file=sys.stderr)
    threads = sum(1 for m in msgs if m.get("in_reply_to"))
    manifest = {"count": len(msgs), "seed": a.seed, "mix": a.mix, "big_attachment_mb": a.big_attachment_mb,
                "maildir": root, "total_bytes": total,
                "total_rfc822_bytes": total_crlf, "sha256": sha.hexdigest(), "folders": stats,
                "kinds": kinds, "flags": flags, "replies": threads,
                "python": sys.version.split()[0], "generated_in_s": round(time.time() - t0, 1)}
    mpath = a.manifest or root.rstrip("/") + ".manifest.json"
    with open(mpath, "w") as f:
        json.dump(manifest, f, indent=2)
    for n, s in stats.items():
        print("%-8s %6d messages %10d bytes" % (n, s["messages"], s["bytes"]))
    print("kinds: " + ", ".join("%s=%d (%.1f MB)" % (k, v["messages"], v["bytes"] / 1e6) for k, v in kinds.items()))
    print("flags: \\Seen=%d \\Flagged=%d \\Answered=%d \\Draft=%d; replies (threads)=%d"
          % (flags["S"], flags["F"], flags["R"], flags["D"], threads))
    print("sha256 of all message bytes: %s" % sha.hexdigest())
    print("manifest: %s" % mpath)
    print("total bytes: %d (%.1f MB on disk, LF); %d (%.1f MB as RFC822.SIZE, CRLF)"
          % (total, total / 1e6, total_crlf, total_crlf / 1e6))


if __name__ == "__main__":
    main()
