package io.mailmind.core.spi;

/** {@link AccountOwnership#all()}: a single node owns every account and nothing ever changes. */
enum AllAccounts implements AccountOwnership {
  INSTANCE;

  @Override
  public boolean owns(String accountId) {
    return true;
  }

  @Override
  public String toString() {
    return "AccountOwnership.all()";
  }
}
