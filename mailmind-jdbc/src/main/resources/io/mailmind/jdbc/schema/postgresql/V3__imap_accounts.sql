-- Mailmind schema version 3: the accounts to mirror, kept by io.mailmind.jdbc.JdbcAccounts (an AccountSource and
-- CredentialsProvider over this table). Separate from ${p}accounts, the store's own row per account id that has mail
-- in ${p}messages: an account can be configured here before it has mail, and its mail can outlive its row here.
-- The secret (password or OAuth2 token) is never stored in clear: secret is base64(12-byte nonce || AES-256-GCM
-- ciphertext and 16-byte tag), encrypted under the host's key named by secret_key_id (so keys can be rotated), with
-- the account id as associated data (a secret copied to another row does not decrypt).
-- include_folders and exclude_folders are JSON arrays of folder globs; created_ms and updated_ms are UTC epoch ms.
-- Account ids sort byte-wise (COLLATE "C"), as in ${p}accounts.

CREATE TABLE IF NOT EXISTS ${p}imap_accounts (
  account_id VARCHAR(255) COLLATE "C" NOT NULL,
  host VARCHAR(255) NOT NULL,
  port INT NOT NULL,
  security VARCHAR(8) NOT NULL,
  username VARCHAR(1000) NOT NULL,
  auth VARCHAR(8) NOT NULL,
  trusted_certificate TEXT,
  include_folders TEXT NOT NULL,
  exclude_folders TEXT NOT NULL,
  active BOOLEAN NOT NULL,
  secret_key_id VARCHAR(64) NOT NULL,
  secret TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  CONSTRAINT ${p}imap_accounts_pk PRIMARY KEY (account_id),
  CONSTRAINT ${p}imap_accounts_port_ck CHECK (port BETWEEN 1 AND 65535),
  CONSTRAINT ${p}imap_accounts_security_ck CHECK (security IN ('TLS', 'STARTTLS', 'PLAIN')),
  CONSTRAINT ${p}imap_accounts_auth_ck CHECK (auth IN ('PASSWORD', 'XOAUTH2'))
);
CREATE INDEX IF NOT EXISTS ${p}imap_accounts_active_ix ON ${p}imap_accounts (active, account_id);
CREATE INDEX IF NOT EXISTS ${p}imap_accounts_key_ix ON ${p}imap_accounts (secret_key_id);

INSERT INTO ${p}schema_version (version, description) VALUES (3, 'imap_accounts: the accounts to mirror, secrets encrypted');
