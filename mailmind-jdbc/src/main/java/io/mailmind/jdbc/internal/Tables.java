package io.mailmind.jdbc.internal;

/** The table names of one store, with its prefix. Immutable. */
record Tables(String prefix) {
  String schemaVersion() { return prefix + "schema_version"; }
  String accounts() { return prefix + "accounts"; }
  String folders() { return prefix + "folders"; }
  String messages() { return prefix + "messages"; }
  String messageBodies() { return prefix + "message_bodies"; }
  String messageRendered() { return prefix + "message_rendered"; }
  String messageSteps() { return prefix + "message_steps"; }
  String addresses() { return prefix + "addresses"; }
  String attachments() { return prefix + "attachments"; }
  String blobs() { return prefix + "blobs"; }
  String blobChunks() { return prefix + "blob_chunks"; }
  String imapAccounts() { return prefix + "imap_accounts"; }
}
