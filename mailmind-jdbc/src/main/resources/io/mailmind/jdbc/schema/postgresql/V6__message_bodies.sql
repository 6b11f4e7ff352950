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
-- The script runs in one transaction. DROP COLUMN only marks the columns dropped: the space of their values is
-- reclaimed as rows are written again and vacuumed (VACUUM FULL ${p}messages reclaims it at once, locking the table).

CREATE TABLE IF NOT EXISTS ${p}message_bodies (
  message_pk BIGINT NOT NULL,
  raw_headers TEXT,
  body_text TEXT,
  body_html TEXT,
  CONSTRAINT ${p}message_bodies_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_bodies_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS ${p}message_rendered (
  message_pk BIGINT NOT NULL,
  markdown TEXT,
  new_text TEXT,
  CONSTRAINT ${p}message_rendered_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_rendered_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
);

INSERT INTO ${p}message_bodies (message_pk, raw_headers, body_text, body_html)
SELECT id, raw_headers, body_text, body_html FROM ${p}messages
 WHERE raw_headers IS NOT NULL OR body_text IS NOT NULL OR body_html IS NOT NULL;

INSERT INTO ${p}message_rendered (message_pk, markdown, new_text)
SELECT id, markdown, new_text FROM ${p}messages WHERE markdown IS NOT NULL OR new_text IS NOT NULL;

ALTER TABLE ${p}messages DROP COLUMN body_html, DROP COLUMN body_text, DROP COLUMN raw_headers, DROP COLUMN markdown, DROP COLUMN new_text;

INSERT INTO ${p}schema_version (version, description) VALUES (6, 'message_bodies, message_rendered: bodies, Markdown and new text out of messages');
