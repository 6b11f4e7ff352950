-- Mailmind schema version 7: on PostgreSQL, the texts of message_bodies and message_rendered are compressed with
-- LZ4 instead of pglz. Nothing changes on this database; the version keeps the four dialects' versions in step.

INSERT INTO ${p}schema_version (version, description) VALUES (7, 'message texts compressed with lz4 where the server has it');
