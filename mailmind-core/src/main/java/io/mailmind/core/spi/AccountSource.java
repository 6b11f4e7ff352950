package io.mailmind.core.spi;

import io.mailmind.core.ImapAccount;
import java.util.List;

/**
 * Lists the accounts to mirror. Asked at every scheduled sync and by the IDLE supervisor, so a host can add,
 * change or deactivate accounts at run time. Must be thread-safe and fast (cache if it reads a database).
 */
@FunctionalInterface
public interface AccountSource {

  /** The active accounts now. */
  List<ImapAccount> activeAccounts();

  /** A fixed list. */
  static AccountSource of(List<ImapAccount> accounts) {
    List<ImapAccount> copy = List.copyOf(accounts);
    return () -> copy;
  }
}
