package io.mailmind.core.internal.idle;

import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.internal.sync.NewMailWork;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.CredentialsProvider;

/**
 * What the IDLE supervisor and its watchers are given: the accounts to follow, their credentials, the connection
 * options, the listeners, and the sync's new-mail unit.
 */
record IdleContext(AccountSource accounts, CredentialsProvider credentials, SyncOptions syncOptions,
    Listeners listeners, NewMailWork newMail) {}
