package io.mailmind.jdbc.internal;

/** The upserts of the databases that have {@code INSERT ... ON CONFLICT} (PostgreSQL, SQLite). */
abstract class OnConflictSql extends SqlDialect {

  OnConflictSql(Tables tables) {
    super(tables);
  }

  @Override
  String insertAccountIfAbsent() {
    return "INSERT INTO " + t.accounts() + " (account_id) VALUES (?) ON CONFLICT (account_id) DO NOTHING";
  }

  @Override
  String insertFolderIfAbsent() {
    return "INSERT INTO " + t.folders() + " (" + FOLDER_INSERT_COLUMNS + ") VALUES (" + params(8) + ")"
        + " ON CONFLICT (account_pk, imap_folder) DO NOTHING";
  }

  @Override
  String upsertFolder() {
    return "INSERT INTO " + t.folders() + " (" + FOLDER_INSERT_COLUMNS + ") VALUES (" + params(8) + ")"
        + " ON CONFLICT (account_pk, imap_folder) DO UPDATE SET name = EXCLUDED.name, attributes = EXCLUDED.attributes";
  }

  @Override
  String upsertMessage() {
    return "INSERT INTO " + t.messages() + " (" + MESSAGE_INSERT_COLUMNS + ") VALUES (" + params(MESSAGE_INSERT_PARAMS) + ")"
        + " ON CONFLICT (folder_pk, uid_validity, uid) DO UPDATE SET folder = EXCLUDED.folder, flags = EXCLUDED.flags,"
        + " labels = EXCLUDED.labels";
  }

  @Override
  String insertBlobIfAbsent() {
    return "INSERT INTO " + t.blobs() + " (sha256, size, location) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING";
  }
}
