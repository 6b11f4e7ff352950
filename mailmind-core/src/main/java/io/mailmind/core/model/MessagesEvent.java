package io.mailmind.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something happened to some messages of one folder: they were stored, their content arrived, they are new
 * mail, their flags changed, or they were deleted. Emitted after the rows are committed.
 *
 * @param accountId   the account
 * @param folder      the logical folder name
 * @param imapFolder  the decoded server name
 * @param uidValidity UIDVALIDITY of the UIDs
 * @param uids        the UIDs, ascending
 * @param at          when the event was emitted
 */
public record MessagesEvent(String accountId, String folder, String imapFolder, long uidValidity, List<Long> uids, Instant at) {
  public MessagesEvent {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(imapFolder, "imapFolder");
    uids = List.copyOf(uids == null ? List.of() : uids);
  }
}
