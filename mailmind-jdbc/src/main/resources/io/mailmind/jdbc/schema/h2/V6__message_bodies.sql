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
-- H2's DDL commits: the copies run only while the old columns are there (EXECUTE IMMEDIATE of the statement chosen
-- by their presence; in doubt, such as a table of that name in another schema, the copy runs and fails rather than
-- be skipped) and skip messages already copied, so that a script stopped part-way runs again. The columns go in one
-- ALTER TABLE.

CREATE TABLE IF NOT EXISTS ${p}message_bodies (
  message_pk BIGINT NOT NULL,
  raw_headers CHARACTER LARGE OBJECT,
  body_text CHARACTER LARGE OBJECT,
  body_html CHARACTER LARGE OBJECT,
  CONSTRAINT ${p}message_bodies_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_bodies_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS ${p}message_rendered (
  message_pk BIGINT NOT NULL,
  markdown CHARACTER LARGE OBJECT,
  new_text CHARACTER LARGE OBJECT,
  CONSTRAINT ${p}message_rendered_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_rendered_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
);

EXECUTE IMMEDIATE CASE WHEN EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS
    WHERE UPPER(TABLE_NAME) = UPPER('${p}messages') AND UPPER(COLUMN_NAME) = 'BODY_HTML')
  THEN 'INSERT INTO ${p}message_bodies (message_pk, raw_headers, body_text, body_html)
        SELECT m.id, m.raw_headers, m.body_text, m.body_html FROM ${p}messages m
         WHERE (m.raw_headers IS NOT NULL OR m.body_text IS NOT NULL OR m.body_html IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM ${p}message_bodies b WHERE b.message_pk = m.id)'
  ELSE 'DELETE FROM ${p}message_bodies WHERE 1 = 0' END;

EXECUTE IMMEDIATE CASE WHEN EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS
    WHERE UPPER(TABLE_NAME) = UPPER('${p}messages') AND UPPER(COLUMN_NAME) = 'MARKDOWN')
  THEN 'INSERT INTO ${p}message_rendered (message_pk, markdown, new_text)
        SELECT m.id, m.markdown, m.new_text FROM ${p}messages m
         WHERE (m.markdown IS NOT NULL OR m.new_text IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM ${p}message_rendered r WHERE r.message_pk = m.id)'
  ELSE 'DELETE FROM ${p}message_rendered WHERE 1 = 0' END;

ALTER TABLE ${p}messages DROP COLUMN IF EXISTS body_html, body_text, raw_headers, markdown, new_text;

INSERT INTO ${p}schema_version (version, description) VALUES (6, 'message_bodies, message_rendered: bodies, Markdown and new text out of messages');
