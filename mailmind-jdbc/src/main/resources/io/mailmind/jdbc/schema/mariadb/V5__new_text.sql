-- Mailmind schema version 5: the new text of a message, what the sender wrote in it: the Markdown of the HTML body
-- (or, without one, the text) with the quoted earlier messages removed. Written with the Markdown (one UPDATE), or
-- with the content for a body without HTML. Same type as markdown. Rows stored before this version keep NULL
-- until their content or Markdown is written again; nothing else changes (pending keeps its meaning).

ALTER TABLE ${p}messages ADD COLUMN IF NOT EXISTS new_text LONGTEXT;

INSERT INTO ${p}schema_version (version, description) VALUES (5, 'messages.new_text');
