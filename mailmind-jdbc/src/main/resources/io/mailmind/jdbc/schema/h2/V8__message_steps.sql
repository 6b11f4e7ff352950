-- Mailmind schema version 8: what the sync steps record of a message (content_state, content_error, pending,
-- content_attempts) leaves ${p}messages for ${p}message_steps, one row per message keyed by its row id, inserted
-- with the message row. The content step and the Markdown step then write only this narrow row (and the message
-- row only when the full headers differ from the metadata's): an UPDATE of a message row rewrote its entries in
-- every index of ${p}messages, six of them, for a change of state. The values are copied over, then the columns
-- and the pending index of ${p}messages are dropped; every column keeps its meaning.
-- DDL commits on H2: each statement is safe to run again when a migration stopped part-way (the copy skips the
-- rows it made, and runs only while the old columns exist).

CREATE TABLE IF NOT EXISTS ${p}message_steps (
  message_pk BIGINT NOT NULL,
  account_pk BIGINT NOT NULL,
  content_state VARCHAR(16) NOT NULL,
  content_error CHARACTER LARGE OBJECT,
  pending SMALLINT NOT NULL,
  content_attempts INT DEFAULT 0 NOT NULL,
  CONSTRAINT ${p}message_steps_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_steps_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
);

EXECUTE IMMEDIATE CASE WHEN EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS
    WHERE UPPER(TABLE_NAME) = UPPER('${p}messages') AND UPPER(COLUMN_NAME) = 'CONTENT_STATE')
  THEN 'INSERT INTO ${p}message_steps (message_pk, account_pk, content_state, content_error, pending, content_attempts)
        SELECT m.id, m.account_pk, m.content_state, m.content_error, m.pending, m.content_attempts FROM ${p}messages m
         WHERE NOT EXISTS (SELECT 1 FROM ${p}message_steps s WHERE s.message_pk = m.id)'
  ELSE 'DELETE FROM ${p}message_steps WHERE 1 = 0' END;

CREATE INDEX IF NOT EXISTS ${p}message_steps_pending_ix ON ${p}message_steps (account_pk, pending);

DROP INDEX IF EXISTS ${p}messages_pending_ix;

ALTER TABLE ${p}messages DROP COLUMN IF EXISTS content_state, content_error, pending, content_attempts;

INSERT INTO ${p}schema_version (version, description) VALUES (8, 'message_steps: content state, pending and attempts out of messages');
