-- Mailmind schema version 1 for MariaDB 10.5+ (InnoDB, utf8mb4, binary no-pad collation).
-- ${p} is the table prefix (default mm_). Statements end with a semicolon at the end of a line.
-- Dates are UTC epoch seconds (_s) or milliseconds (_ms); lists are JSON arrays of strings.
-- utf8mb4_nopad_bin: 4-byte characters, case- and trailing-space-sensitive keys, byte order.
-- Long free-text keys are indexed by their first 255 characters (InnoDB keys are limited to 3072 bytes).
-- Bodies are LONGTEXT: a row larger than the server's max_allowed_packet (16 MB by default) cannot be written.

CREATE TABLE IF NOT EXISTS ${p}schema_version (
  version INT NOT NULL PRIMARY KEY,
  description VARCHAR(200) NOT NULL,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${p}accounts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id VARCHAR(255) NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT ${p}accounts_uk UNIQUE (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${p}folders (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_pk BIGINT NOT NULL,
  imap_folder VARCHAR(760) NOT NULL,
  name TEXT NOT NULL,
  attributes TEXT NOT NULL,
  uid_validity BIGINT NOT NULL,
  uid_next BIGINT NOT NULL,
  highest_modseq BIGINT NOT NULL,
  last_full_sync_ms BIGINT,
  CONSTRAINT ${p}folders_uk UNIQUE (account_pk, imap_folder),
  CONSTRAINT ${p}folders_account_fk FOREIGN KEY (account_pk) REFERENCES ${p}accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${p}messages (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  folder_pk BIGINT NOT NULL,
  account_pk BIGINT NOT NULL,
  uid_validity BIGINT NOT NULL,
  uid BIGINT NOT NULL,
  folder TEXT NOT NULL,
  message_id TEXT,
  in_reply_to TEXT,
  refs MEDIUMTEXT NOT NULL,
  subject MEDIUMTEXT NOT NULL,
  date_s BIGINT,
  internal_date_s BIGINT,
  sort_date_s BIGINT NOT NULL,
  thread_id TEXT NOT NULL,
  flags TEXT NOT NULL,
  labels TEXT NOT NULL,
  size BIGINT NOT NULL,
  gm_msgid BIGINT,
  gm_thrid BIGINT,
  raw_headers LONGTEXT,
  body_text LONGTEXT,
  body_html LONGTEXT,
  markdown LONGTEXT,
  content_state VARCHAR(16) NOT NULL,
  content_error MEDIUMTEXT,
  CONSTRAINT ${p}messages_uk UNIQUE (folder_pk, uid_validity, uid),
  INDEX ${p}messages_newest_ix (folder_pk, sort_date_s, uid, uid_validity),
  INDEX ${p}messages_message_id_ix (account_pk, message_id(255)),
  INDEX ${p}messages_thread_ix (account_pk, thread_id(255)),
  CONSTRAINT ${p}messages_folder_fk FOREIGN KEY (folder_pk) REFERENCES ${p}folders (id) ON DELETE CASCADE,
  CONSTRAINT ${p}messages_account_fk FOREIGN KEY (account_pk) REFERENCES ${p}accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${p}addresses (
  message_pk BIGINT NOT NULL,
  field VARCHAR(8) NOT NULL,
  pos INT NOT NULL,
  account_pk BIGINT NOT NULL,
  name TEXT,
  address TEXT NOT NULL,
  address_lc TEXT NOT NULL,
  CONSTRAINT ${p}addresses_pk PRIMARY KEY (message_pk, field, pos),
  INDEX ${p}addresses_contact_ix (account_pk, address_lc(255)),
  CONSTRAINT ${p}addresses_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${p}blobs (
  sha256 VARCHAR(64) NOT NULL PRIMARY KEY,
  size BIGINT NOT NULL,
  location VARCHAR(8) NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${p}blob_chunks (
  sha256 VARCHAR(64) NOT NULL,
  seq INT NOT NULL,
  data MEDIUMBLOB NOT NULL,
  CONSTRAINT ${p}blob_chunks_pk PRIMARY KEY (sha256, seq),
  CONSTRAINT ${p}blob_chunks_blob_fk FOREIGN KEY (sha256) REFERENCES ${p}blobs (sha256) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${p}attachments (
  message_pk BIGINT NOT NULL,
  pos INT NOT NULL,
  filename TEXT,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 VARCHAR(128) NOT NULL,
  inline_part BOOLEAN NOT NULL,
  content_id TEXT,
  blob_sha256 VARCHAR(64),
  CONSTRAINT ${p}attachments_pk PRIMARY KEY (message_pk, pos),
  INDEX ${p}attachments_blob_ix (blob_sha256),
  CONSTRAINT ${p}attachments_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE,
  CONSTRAINT ${p}attachments_blob_fk FOREIGN KEY (blob_sha256) REFERENCES ${p}blobs (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Contacts, derived from the address rows (so re-writing a message never counts it twice): one row per
-- account and lower-cased address; the name is the last non-blank display name by message date.
CREATE OR REPLACE VIEW ${p}contacts AS
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
