-- Mailmind schema version 8: what the sync steps record of a message (content_state, content_error, pending,
-- content_attempts) leaves ${p}messages for ${p}message_steps, one row per message keyed by its row id, inserted
-- with the message row. The content step and the Markdown step then write only this narrow row (and the message
-- row only when the full headers differ from the metadata's): an UPDATE of a message row rewrote its entries in the
-- indexes of ${p}messages for a change of state. Every column keeps its meaning.
-- SQLite cannot drop content_state (a CHECK constraint of the table names it), so ${p}messages is made again
-- without the four columns, its rows copied with their ids, the old table dropped and the new one renamed, its
-- indexes and the contacts view (which reads it) created again. The store runs migrations with foreign keys off
-- (PRAGMA foreign_keys cannot change inside a transaction), so that dropping the old table deletes no child row,
-- and checks every foreign key before it commits (SqliteSql). The script runs in one transaction.

DROP VIEW IF EXISTS ${p}contacts;

CREATE TABLE IF NOT EXISTS ${p}message_steps (
  message_pk INTEGER NOT NULL,
  account_pk INTEGER NOT NULL,
  content_state TEXT NOT NULL,
  content_error TEXT,
  pending INTEGER NOT NULL,
  content_attempts INTEGER DEFAULT 0 NOT NULL,
  CONSTRAINT ${p}message_steps_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_steps_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE,
  CONSTRAINT ${p}message_steps_content_state_len CHECK (length(content_state) <= 16)
) STRICT;

INSERT INTO ${p}message_steps (message_pk, account_pk, content_state, content_error, pending, content_attempts)
SELECT id, account_pk, content_state, content_error, pending, content_attempts FROM ${p}messages;

CREATE TABLE IF NOT EXISTS ${p}messages_v8 (
  id INTEGER PRIMARY KEY,
  folder_pk INTEGER NOT NULL,
  account_pk INTEGER NOT NULL,
  uid_validity INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  folder TEXT NOT NULL,
  message_id TEXT,
  in_reply_to TEXT,
  refs TEXT NOT NULL,
  subject TEXT NOT NULL,
  date_s INTEGER,
  internal_date_s INTEGER,
  sort_date_s INTEGER NOT NULL,
  thread_id TEXT NOT NULL,
  flags TEXT NOT NULL,
  labels TEXT NOT NULL,
  size INTEGER NOT NULL,
  gm_msgid INTEGER,
  gm_thrid INTEGER,
  CONSTRAINT ${p}messages_uk UNIQUE (folder_pk, uid_validity, uid),
  CONSTRAINT ${p}messages_folder_fk FOREIGN KEY (folder_pk) REFERENCES ${p}folders (id) ON DELETE CASCADE,
  CONSTRAINT ${p}messages_account_fk FOREIGN KEY (account_pk) REFERENCES ${p}accounts (id)
) STRICT;

INSERT INTO ${p}messages_v8 (id, folder_pk, account_pk, uid_validity, uid, folder, message_id, in_reply_to, refs,
    subject, date_s, internal_date_s, sort_date_s, thread_id, flags, labels, size, gm_msgid, gm_thrid)
SELECT id, folder_pk, account_pk, uid_validity, uid, folder, message_id, in_reply_to, refs,
    subject, date_s, internal_date_s, sort_date_s, thread_id, flags, labels, size, gm_msgid, gm_thrid FROM ${p}messages;

DROP TABLE ${p}messages;

ALTER TABLE ${p}messages_v8 RENAME TO ${p}messages;

CREATE INDEX IF NOT EXISTS ${p}messages_newest_ix ON ${p}messages (folder_pk, sort_date_s, uid, uid_validity);
CREATE INDEX IF NOT EXISTS ${p}messages_message_id_ix ON ${p}messages (account_pk, message_id);
CREATE INDEX IF NOT EXISTS ${p}messages_thread_ix ON ${p}messages (account_pk, thread_id);
CREATE INDEX IF NOT EXISTS ${p}message_steps_pending_ix ON ${p}message_steps (account_pk, pending);

-- The contacts view as version 1 made it.
CREATE VIEW ${p}contacts AS
SELECT ac.account_id AS account_id, g.address AS address, n.name AS name, g.first_seen_s AS first_seen_s,
       g.last_seen_s AS last_seen_s, g.message_count AS message_count
  FROM (SELECT x.account_pk AS account_pk, x.address_lc AS address,
               MIN(COALESCE(m.date_s, m.internal_date_s)) AS first_seen_s,
               MAX(COALESCE(m.date_s, m.internal_date_s)) AS last_seen_s,
               COUNT(DISTINCT x.message_pk) AS message_count
          FROM ${p}addresses x
          JOIN ${p}messages m ON m.id = x.message_pk
         WHERE x.address_lc <> ''
         GROUP BY x.account_pk, x.address_lc) g
  JOIN ${p}accounts ac ON ac.id = g.account_pk
  LEFT JOIN (SELECT x.account_pk AS account_pk, x.address_lc AS address, x.name AS name,
                    ROW_NUMBER() OVER (PARTITION BY x.account_pk, x.address_lc
                        ORDER BY m.sort_date_s DESC, f.imap_folder DESC, m.uid_validity DESC, m.uid DESC,
                                 CASE x.field WHEN 'from' THEN 0 WHEN 'to' THEN 1 WHEN 'cc' THEN 2 WHEN 'bcc' THEN 3 ELSE 4 END,
                                 x.pos) AS rn
               FROM ${p}addresses x
               JOIN ${p}messages m ON m.id = x.message_pk
               JOIN ${p}folders f ON f.id = m.folder_pk
              WHERE x.address_lc <> '' AND x.name IS NOT NULL AND TRIM(x.name) <> '') n
    ON n.account_pk = g.account_pk AND n.address = g.address AND n.rn = 1;

INSERT INTO ${p}schema_version (version, description) VALUES (8, 'message_steps: content state, pending and attempts out of messages');
