-- Mailmind schema version 2: what each message still waits for, so that every sync finds (through an index
-- whose cost grows with the unfinished messages, not with the mailbox) and completes what an earlier one left:
-- pending 1 = its content (state METADATA_ONLY), 2 = the Markdown of its HTML body, 0 = nothing.
-- content_attempts counts the content fetches that failed for the message.
-- SQLite has no ADD COLUMN IF NOT EXISTS; the script runs in one transaction, so it is never half applied.

ALTER TABLE ${p}messages ADD COLUMN pending INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE ${p}messages ADD COLUMN content_attempts INTEGER DEFAULT 0 NOT NULL;
UPDATE ${p}messages SET pending = CASE WHEN content_state = 'METADATA_ONLY' THEN 1
    WHEN body_html IS NOT NULL AND markdown IS NULL THEN 2 ELSE 0 END;
CREATE INDEX IF NOT EXISTS ${p}messages_pending_ix ON ${p}messages (account_pk, pending);

INSERT INTO ${p}schema_version (version, description) VALUES (2, 'messages.pending and its index, messages.content_attempts');
