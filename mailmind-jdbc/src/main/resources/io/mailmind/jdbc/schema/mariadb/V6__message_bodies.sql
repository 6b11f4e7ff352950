-- Mailmind schema version 6: the wide text of a message leaves ${p}messages for two tables keyed by the message's
-- row id, so that the row that every sync step writes (metadata, content, Markdown) and every check reads (its
-- keys, flags and sizes) holds small values only, and the bodies are written once per content.
-- ${p}message_bodies: the raw header block and the text and HTML bodies, written by the content step (a row is
-- deleted and inserted again when the content is written again, never updated).
-- ${p}message_rendered: the Markdown and the new text, written by the Markdown step (delete and insert), or by the
-- content step for a body without HTML (the new text alone), which deletes any earlier row of the message.
-- A message has a row in a table only when it has a non-null value for it (no rows of nulls); rows go with their
-- message (ON DELETE CASCADE). Types as the columns of ${p}messages had; the values stored are copied over, then the
-- columns are dropped (pending and every other column keep their meaning).
-- MariaDB DDL is not transactional: the copies run only while the old columns are there (one block that looks for
-- them first; inside it the semicolons start their lines, as a script's statements end at a line-end semicolon)
-- and skip messages already copied, so that a script stopped part-way runs again. The columns go in one ALTER TABLE;
-- FORCE rebuilds the table: an instant DROP COLUMN would leave the dropped values in every row.

CREATE TABLE IF NOT EXISTS ${p}message_bodies (
  message_pk BIGINT NOT NULL,
  raw_headers LONGTEXT,
  body_text LONGTEXT,
  body_html LONGTEXT,
  CONSTRAINT ${p}message_bodies_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_bodies_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS ${p}message_rendered (
  message_pk BIGINT NOT NULL,
  markdown LONGTEXT,
  new_text LONGTEXT,
  CONSTRAINT ${p}message_rendered_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_rendered_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

BEGIN NOT ATOMIC
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE()
      AND LOWER(table_name) = LOWER('${p}messages') AND LOWER(column_name) = 'body_html') THEN
    INSERT INTO ${p}message_bodies (message_pk, raw_headers, body_text, body_html)
    SELECT m.id, m.raw_headers, m.body_text, m.body_html FROM ${p}messages m
     WHERE (m.raw_headers IS NOT NULL OR m.body_text IS NOT NULL OR m.body_html IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM ${p}message_bodies b WHERE b.message_pk = m.id)
    ; INSERT INTO ${p}message_rendered (message_pk, markdown, new_text)
    SELECT m.id, m.markdown, m.new_text FROM ${p}messages m
     WHERE (m.markdown IS NOT NULL OR m.new_text IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM ${p}message_rendered r WHERE r.message_pk = m.id)
  ; END IF
; END;

ALTER TABLE ${p}messages DROP COLUMN IF EXISTS body_html, DROP COLUMN IF EXISTS body_text, DROP COLUMN IF EXISTS raw_headers, DROP COLUMN IF EXISTS markdown, DROP COLUMN IF EXISTS new_text, FORCE;

INSERT INTO ${p}schema_version (version, description) VALUES (6, 'message_bodies, message_rendered: bodies, Markdown and new text out of messages');
