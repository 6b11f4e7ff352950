-- Mailmind schema version 7: PostgreSQL compresses the texts of message_bodies and message_rendered with LZ4
-- instead of its default pglz, where the server has LZ4 (PostgreSQL 14 and later built with it, as Debian's and the
-- official images are; elsewhere nothing changes). Measured on the bench's full mirror of 10,000 messages
-- (bench/README.md): the server's CPU 7.2 -> 5.7 to 6.7 s. Values stored before keep their
-- compression until written again; reading mixes both. Only the compression of new values changes: no rewrite.

-- No line inside a DO block ends with a semicolon, only its last: a statement ends with a semicolon at the end of a
-- line, for the migrator and for hosts that run the scripts themselves (JdbcMailStore.migrationScripts).
DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
  ALTER TABLE ${p}message_bodies ALTER COLUMN raw_headers SET COMPRESSION lz4,
    ALTER COLUMN body_text SET COMPRESSION lz4, ALTER COLUMN body_html SET COMPRESSION lz4; END IF; END $$;
DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
  ALTER TABLE ${p}message_rendered ALTER COLUMN markdown SET COMPRESSION lz4,
    ALTER COLUMN new_text SET COMPRESSION lz4; END IF; END $$;

INSERT INTO ${p}schema_version (version, description) VALUES (7, 'message texts compressed with lz4 where the server has it');
