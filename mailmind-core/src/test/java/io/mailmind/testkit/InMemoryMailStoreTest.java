package io.mailmind.testkit;

import io.mailmind.core.spi.MailStore;

/** Proves the contract kit against the reference store (and the reference store against the kit). */
class InMemoryMailStoreTest extends MailStoreContract {
  @Override
  protected MailStore createStore() {
    return new InMemoryMailStore();
  }
}
