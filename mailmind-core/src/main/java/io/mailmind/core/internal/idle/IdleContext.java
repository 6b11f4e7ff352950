package io.mailmind.core.internal.idle;

import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.internal.imap.ConnectLimiter;
import io.mailmind.core.internal.sync.NewMailWork;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.CredentialsProvider;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * What the IDLE supervisor and its watchers are given: the accounts to follow, their credentials, the connection
 * options, the listeners, the sync's new-mail unit, the clock that dates each account's state, which accounts
 * this node owns (only those are followed), and the limiter of connection set-ups the engine's sync shares.
 */
record IdleContext(AccountSource accounts, CredentialsProvider credentials, SyncOptions syncOptions,
    Listeners listeners, NewMailWork newMail, Clock clock, Predicate<String> owned, ConnectLimiter connecting) {}
