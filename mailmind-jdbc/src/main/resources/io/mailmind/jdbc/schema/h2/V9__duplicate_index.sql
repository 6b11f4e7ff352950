-- Mailmind schema version 9: H2 gives a foreign key an index on exactly its columns, and makes one of its own when
-- none exists yet. Version 1 declared ${p}attachments_blob_fk before ${p}attachments_blob_ix was created, so the
-- attachment rows had two indexes on blob_sha256, both written with every row and every delete of one. The foreign
-- key is made again here and takes ${p}attachments_blob_ix, and its own copy goes with the old constraint. The
-- other databases have one index there. DDL commits on H2: both statements are safe to run again.

ALTER TABLE ${p}attachments DROP CONSTRAINT IF EXISTS ${p}attachments_blob_fk;

ALTER TABLE ${p}attachments ADD CONSTRAINT ${p}attachments_blob_fk FOREIGN KEY (blob_sha256) REFERENCES ${p}blobs (sha256);

INSERT INTO ${p}schema_version (version, description) VALUES (9, 'attachments: one index on blob_sha256');
