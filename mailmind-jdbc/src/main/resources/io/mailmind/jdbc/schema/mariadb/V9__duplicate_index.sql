-- Mailmind schema version 9: on H2, the foreign key of attachments.blob_sha256 takes the index that
-- the schema names (H2 had made a second one for it). Nothing changes on this database, which has one index there;
-- the version keeps the four dialects' versions in step.

INSERT INTO ${p}schema_version (version, description) VALUES (9, 'attachments: one index on blob_sha256');
