package io.mailmind.core.functional;

/** The Dovecot scenarios on a server that does not announce CONDSTORE or QRESYNC: the full diff path. */
class DovecotWithoutCondstoreSyncTest extends DovecotSyncTest {
  @Override
  boolean condstore() {
    return false;
  }
}
