-- Mailmind schema version 8: what the sync steps record of a message (content_state, content_error, pending,
-- content_attempts) leaves ${p}messages for ${p}message_steps, one row per message keyed by its row id, inserted
-- with the message row. The content step and the Markdown step then write only this narrow row (and the message
-- row only when the full headers differ from the metadata's): an UPDATE of a message row added entries to every
-- index of ${p}messages (pending is indexed, so it was never a HOT update) for a change of state. The values are
-- copied over, then the columns and the pending index of ${p}messages are dropped; every column keeps its meaning.
-- The script runs in one transaction.

CREATE TABLE IF NOT EXISTS ${p}message_steps (
  message_pk BIGINT NOT NULL,
  account_pk BIGINT NOT NULL,
  content_state VARCHAR(16) NOT NULL,
  content_error TEXT,
  pending SMALLINT NOT NULL,
  content_attempts INT DEFAULT 0 NOT NULL,
  CONSTRAINT ${p}message_steps_pk PRIMARY KEY (message_pk),
  CONSTRAINT ${p}message_steps_message_fk FOREIGN KEY (message_pk) REFERENCES ${p}messages (id) ON DELETE CASCADE
);

INSERT INTO ${p}message_steps (message_pk, account_pk, content_state, content_error, pending, content_attempts)
SELECT id, account_pk, content_state, content_error, pending, content_attempts FROM ${p}messages;

CREATE INDEX IF NOT EXISTS ${p}message_steps_pending_ix ON ${p}message_steps (account_pk, pending);

DROP INDEX IF EXISTS ${p}messages_pending_ix;

ALTER TABLE ${p}messages DROP COLUMN content_state, DROP COLUMN content_error, DROP COLUMN pending, DROP COLUMN content_attempts;

INSERT INTO ${p}schema_version (version, description) VALUES (8, 'message_steps: content state, pending and attempts out of messages');
