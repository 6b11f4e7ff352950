package io.mailmind.core.functional;

/** The Gmail scenarios on a server that does not announce CONDSTORE: the full diff path. */
class GmailWithoutCondstoreSyncTest extends GmailSyncTest {
  @Override
  boolean condstore() {
    return false;
  }
}
