-- Mailmind schema version 1 for SQLite 3.37+ (STRICT tables), through sqlite-jdbc.
-- ${p} is the table prefix (default mm_). Statements end with a semicolon at the end of a line.
-- Dates are UTC epoch seconds (_s) or milliseconds (_ms); lists are JSON arrays of strings.
-- Every connection must run with PRAGMA foreign_keys=ON (the store checks it when it opens).
-- Text compares with SQLite's BINARY collation: byte order of UTF-8, case- and trailing-space-sensitive, as
-- COLLATE "C" on PostgreSQL and utf8mb4_nopad_bin on MariaDB. SQLite does not enforce VARCHAR(n): the lengths the
-- other databases declare for keys are CHECK constraints named *_len here (reported as SQLState 22001).
-- Row ids are INTEGER PRIMARY KEY, the rowid itself: a new row takes the largest id + 1, read from the table's
-- b-tree in the same transaction, so there is no separate counter that a killed process could leave behind the
-- rows. Without AUTOINCREMENT the id of the newest row can be used again after that row was deleted; nothing keeps
-- a row id past its transaction except forEachMessage's folder id (a folder deleted and created again meanwhile is
-- then read as the new one), and every child row goes with its parent (ON DELETE CASCADE).
-- Migrations run in one IMMEDIATE transaction (the database's write lock): DDL is transactional in SQLite, so a
-- script that fails leaves nothing behind and is safe to run again.

CREATE TABLE IF NOT EXISTS ${p}schema_version (
  version INTEGER NOT NULL PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TEXT DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT ${p}schema_version_description_len CHECK (length(description) <= 200)
) STRICT;

CREATE TABLE IF NOT EXISTS ${p}accounts (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  created_at TEXT DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT ${p}accounts_uk UNIQUE (account_id),
  CONSTRAINT ${p}accounts_account_id_len CHECK (length(account_id) <= 255)
) STRICT;

CREATE TABLE IF NOT EXISTS ${p}folders (
  id INTEGER PRIMARY KEY,
  account_pk INTEGER NOT NULL,
  imap_folder TEXT NOT NULL,
  name TEXT NOT NULL,
  attributes TEXT NOT NULL,
  uid_validity INTEGER NOT NULL,
  uid_next INTEGER NOT NULL,
  highest_modseq INTEGER NOT NULL,
  last_full_sync_ms INTEGER,
  CONSTRAINT ${p}folders_uk UNIQUE (account_pk, imap_folder),
  CONSTRAINT ${p}folders_account_fk FOREIGN KEY (account_pk) REFERENCES ${p}accounts (id),
  CONSTRAINT ${p}folders_imap_folder_len CHECK (length(imap_folder) <= 760)
) STRICT;

CREATE TABLE IF NOT EXISTS ${p}messages (
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
  raw_headers TEXT,
  body_text TEXT,
  body_html TEXT,
  markdown TEXT,
  content_state TEXT NOT NULL,
  content_error TEXT,
  CONSTRAINT ${p}messages_uk UNIQUE (folder_pk, uid_validity, uid),
  CONSTRAINT ${p}messages_folder_fk FOREIGN KEY (folder_pk) REFERENCES ${p}folders (id) ON DELETE CASCADE,
  CONSTRAINT ${p}messages_account_fk FOREIGN KEY (account_pk) REFERENCES ${p}accounts (id),
  CONSTRAINT ${p}messages_content_state_len CHECK (length(content_state) <= 16)
) STRICT;
CREATE INDEX IF NOT EXISTS ${p}messages_newest_ix ON ${p}messages (folder_pk, sort_date_s, uid, uid_validity);
CREATE INDEX IF NOT EXISTS ${p}messages_message_id_ix ON ${p}messages (account_pk, message_id);
CREATE INDEX IF NOT EXISTS ${p}messages_thread_ix ON ${p}messages (account_pk, thread_id);

CREATE TABLE IF NOT EXISTS ${p}addresses (
  message_pk INTEGER NOT NULL,
  field TEXT NOT NULL,
  pos INTEGER NOT NULL,
  account_pk INTEGER NOT NULL,
  name TEXT,
  address TEXT NOT NULL,
  address_lc TEXT NOT NULL,
  CONSTRAINT ${p}addresses_pk PRIMARY KEY (message_pk, field, pos),
  CONSTRAINT ${p}addresses_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE,
  CONSTRAINT ${p}addresses_field_len CHECK (length(field) <= 8)
) STRICT;
CREATE INDEX IF NOT EXISTS ${p}addresses_contact_ix ON ${p}addresses (account_pk, address_lc);

CREATE TABLE IF NOT EXISTS ${p}blobs (
  sha256 TEXT NOT NULL PRIMARY KEY,
  size INTEGER NOT NULL,
  location TEXT NOT NULL,
  created_at TEXT DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT ${p}blobs_sha256_len CHECK (length(sha256) <= 64),
  CONSTRAINT ${p}blobs_location_len CHECK (length(location) <= 8)
) STRICT;

-- Attachment bytes in chunks of 1 MiB (a BLOB each, written and read one chunk at a time).
CREATE TABLE IF NOT EXISTS ${p}blob_chunks (
  sha256 TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  CONSTRAINT ${p}blob_chunks_pk PRIMARY KEY (sha256, seq),
  CONSTRAINT ${p}blob_chunks_blob_fk FOREIGN KEY (sha256) REFERENCES ${p}blobs (sha256) ON DELETE CASCADE
) STRICT;

CREATE TABLE IF NOT EXISTS ${p}attachments (
  message_pk INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  filename TEXT,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  inline_part INTEGER NOT NULL,
  content_id TEXT,
  blob_sha256 TEXT,
  CONSTRAINT ${p}attachments_pk PRIMARY KEY (message_pk, pos),
  CONSTRAINT ${p}attachments_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE,
  CONSTRAINT ${p}attachments_blob_fk FOREIGN KEY (blob_sha256) REFERENCES ${p}blobs (sha256),
  CONSTRAINT ${p}attachments_inline_part_bool CHECK (inline_part IN (0, 1)),
  CONSTRAINT ${p}attachments_sha256_len CHECK (length(sha256) <= 128),
  CONSTRAINT ${p}attachments_blob_sha256_len CHECK (length(blob_sha256) <= 64)
) STRICT;
CREATE INDEX IF NOT EXISTS ${p}attachments_blob_ix ON ${p}attachments (blob_sha256);

-- Contacts, derived from the address rows (so re-writing a message never counts it twice): one row per
-- account and lower-cased address; the name is the last non-blank display name by message date.
DROP VIEW IF EXISTS ${p}contacts;
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

INSERT INTO ${p}schema_version (version, description) VALUES (1, 'accounts, folders, messages, addresses, attachments, blobs, contacts view');
