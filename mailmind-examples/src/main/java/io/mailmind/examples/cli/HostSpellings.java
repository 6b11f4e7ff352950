package io.mailmind.examples.cli;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.spi.MailStore;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The default account id is {@code user@host} exactly as given on the command line, so {@code --host localhost}
 * and {@code --host 127.0.0.1} make two accounts of one mailbox. Before a sync into an account that the store
 * does not hold yet, this looks for the same user under another spelling of the same host (the addresses the host
 * name resolves to, and for the loopback {@code localhost}, {@code 127.0.0.1} and {@code ::1}) and warns on
 * stderr, naming the account the store already holds. Only the host's own addresses are looked up: an IP address
 * is not resolved back to names other than the loopback's.
 */
final class HostSpellings {
  private HostSpellings() {}

  /** Warns on {@code err} when {@code account} (its id defaulted) is new but the store holds another spelling. */
  static void warnIfStoredUnderAnotherSpelling(ImapAccount account, MailStore store, PrintStream err) {
    otherSpelling(account, store).ifPresent(existing -> err.println("mailmind: warning: the store already holds "
        + account.username() + " on the same server as account '" + existing + "'; this run stores into a new "
        + "account '" + account.id() + "', a second copy of the same mailbox (the default account id is user@host, "
        + "with the host as written). To continue the existing one, pass --host " + hostOf(existing)
        + " or --account-id " + existing + "."));
  }

  /** The id of an account the store holds for the same user on another spelling of the host, if any. */
  static Optional<String> otherSpelling(ImapAccount account, MailStore store) {
    if (!store.folders(account.id()).isEmpty()) return Optional.empty(); // the account exists: nothing new
    for (String host : spellings(account.host())) {
      String candidate = account.username() + "@" + host;
      if (!candidate.equals(account.id()) && !store.folders(candidate).isEmpty()) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /** Other ways to write {@code host}: its addresses, the loopback's names, in a stable order. */
  static Set<String> spellings(String host) {
    Set<String> spellings = new LinkedHashSet<>();
    String lower = host.toLowerCase(Locale.ROOT);
    spellings.add(lower);
    spellings.add(host);
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        spellings.add(address.getHostAddress());
        if (address.isLoopbackAddress()) spellings.addAll(Set.of("localhost", "127.0.0.1", "::1"));
      }
    } catch (UnknownHostException | SecurityException e) {
      // a host that does not resolve: the sync says so; no other spelling to look for
    }
    spellings.remove(host);
    return spellings;
  }

  private static String hostOf(String accountId) {
    return accountId.substring(accountId.lastIndexOf('@') + 1);
  }
}
