package io.mailmind.core.model;

import java.util.Objects;

/**
 * One mailbox of one account: the account id and the server's mailbox name, decoded from modified UTF-7, with
 * {@code /} as the hierarchy separator whatever the server's delimiter is.
 *
 * @param accountId  the account's id in the store
 * @param imapFolder the decoded server name, for example {@code INBOX} or {@code Archive/2024}
 */
public record FolderId(String accountId, String imapFolder) {
  public FolderId {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(imapFolder, "imapFolder");
  }

  @Override
  public String toString() {
    return accountId + ":" + imapFolder;
  }
}
