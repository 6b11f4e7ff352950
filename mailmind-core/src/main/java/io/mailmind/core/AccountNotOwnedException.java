package io.mailmind.core;

/**
 * The work was for an account this node does not own (see {@link io.mailmind.core.spi.AccountOwnership}): it was
 * not started, or it stopped without writing anything more once the account was released. Not a failure of the
 * account: the node that owns it now does the work. Thrown by {@link Mailmind#sync(String)}; never reported to
 * {@link io.mailmind.core.spi.EventListener#onError}.
 */
public final class AccountNotOwnedException extends MailmindException {
  private static final long serialVersionUID = 1L;

  private final String accountId;

  public AccountNotOwnedException(String accountId) {
    super(accountId + " - not owned by this node (it was released to another node, or never acquired)");
    this.accountId = accountId;
  }

  /** The account concerned. */
  public String accountId() {
    return accountId;
  }
}
