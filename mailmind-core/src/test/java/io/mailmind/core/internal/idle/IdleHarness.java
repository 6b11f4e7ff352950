package io.mailmind.core.internal.idle;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.RetryPolicy;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.engine.Engine;
import io.mailmind.core.internal.engine.EngineConfig;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.RecordingEventListener;
import io.mailmind.testkit.SteppingSleeper;
import io.mailmind.testkit.VirtualSleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real engine over the in-memory store, with a mutable account source, passwords per account, a recording
 * listener, and the supervisor under test with short timings. The supervisor waits (reconnect backoff, the wait
 * after a wrong password, poll intervals) in virtual time on {@link #sleeper}, which moves on its own through up to
 * {@link #AUTO_ADVANCE} of it unless a test makes it {@link SteppingSleeper#manual() manual} to step each wait; the
 * engine's own retries run in virtual time too, at once.
 */
final class IdleHarness implements AutoCloseable {
  /**
   * Backoff without jitter (20, 40, 80, 160, 200, 200... ms), so that tests can assert each delay; a long re-issue
   * interval unless a test shortens it (then a quiet IDLE never ends by itself); an account refresh that never
   * comes by itself (tests call {@link IdleSupervisor#refresh()}).
   */
  static final IdleSettings FAST = new IdleSettings(Duration.ofMinutes(29), Duration.ofSeconds(5),
      Duration.ofMillis(100), Duration.ofHours(1), RetryPolicy.builder().initialDelay(Duration.ofMillis(20))
          .maxDelay(Duration.ofMillis(200)).jitter(RetryPolicy.Jitter.NONE).build(),
      IdleSettings.DEFAULT_ERROR_RETRY_DELAY);
  /**
   * Virtual time the harness' sleeper passes on its own: any backoff, never the hour after a wrong password, and
   * not an endless reconnect loop (it blocks once this is used up).
   */
  static final Duration AUTO_ADVANCE = Duration.ofMinutes(1);

  final InMemoryMailStore store = new InMemoryMailStore();
  final RecordingEventListener events = new RecordingEventListener();
  final AtomicReference<List<ImapAccount>> accounts = new AtomicReference<>(List.of());
  final Map<String, String> passwords = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> logins = new ConcurrentHashMap<>();
  /** Where the supervisor waits. */
  final SteppingSleeper sleeper = new SteppingSleeper().autoAdvance(AUTO_ADVANCE);
  /** Runs of the new-mail unit still to fail (a store outage), before the real unit runs. */
  final AtomicInteger newMailFailures = new AtomicInteger();
  final Engine engine;
  final IdleSupervisor supervisor;

  IdleHarness(IdleSettings settings) {
    this(settings, SyncOptions.builder());
  }

  /** With the harness' timeouts set on {@code options}. */
  IdleHarness(IdleSettings settings, SyncOptions.Builder options) {
    this(settings, options.connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(3)).maxAttempts(2)
        .build());
  }

  private IdleHarness(IdleSettings settings, SyncOptions options) {
    this(settings, options, IdleOptions.disabled());
  }

  /**
   * With the harness' timeouts, and the connection set-up limits of {@code limits} (its other settings are not
   * used: the supervisor under test runs with {@code settings}).
   */
  IdleHarness(IdleSettings settings, IdleOptions limits) {
    this(settings, SyncOptions.builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(3))
        .maxAttempts(2).build(), limits);
  }

  private IdleHarness(IdleSettings settings, SyncOptions options, IdleOptions limits) {
    EngineConfig config = new EngineConfig(store, () -> accounts.get(), account -> {
      logins.computeIfAbsent(account.id(), id -> new AtomicInteger()).incrementAndGet();
      return Credentials.password(passwords.getOrDefault(account.id(), "secret"));
    }, List.of(events), TaskExecutor.defaultExecutor(4), true, options, limits, Clock.systemUTC(),
        new VirtualSleeper(), AccountOwnership.all());
    engine = new Engine(config);
    supervisor = new IdleSupervisor(new IdleContext(config.accounts(), config.credentials(), options,
        new Listeners(config.listeners()),
        (accountId, folder) -> newMailFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0
            ? CompletableFuture.failedFuture(new MailStoreException("the database is down"))
            : config.executor().submit(new MailTask.ProcessNewMail(accountId, folder), engine.taskHandler()),
        config.clock(), accountId -> true, engine.connectLimiter()),
        settings, sleeper);
  }

  static ImapAccount account(String id, String host, int port, String username) {
    return ImapAccount.builder().id(id).host(host).port(port).security(Security.PLAIN).username(username).build();
  }

  void setAccounts(ImapAccount... active) {
    accounts.set(List.of(active));
  }

  void start() {
    supervisor.start();
  }

  int logins(String accountId) {
    AtomicInteger count = logins.get(accountId);
    return count == null ? 0 : count.get();
  }

  Optional<State> state(String accountId) {
    return supervisor.followedAccounts().stream().filter(followed -> followed.accountId().equals(accountId))
        .map(FollowedAccount::state).findFirst();
  }

  void awaitState(String accountId, State expected) {
    Await.until(accountId + " in state " + expected,
        () -> state(accountId).equals(Optional.of(expected)),
        () -> supervisor.followedAccounts() + " events " + events);
  }

  /** Delivers a plain message to the user's INBOX and returns its UID. */
  static long deliver(GreenMailUser user, MailFolder inbox, int n, String subject) {
    user.deliver(GreenMailUtil.newMimeMessage(plain(n, subject)));
    List<StoredMessage> messages = inbox.getMessages();
    return messages.get(messages.size() - 1).getUid();
  }

  static String plain(int n, String subject) {
    return "From: Bob Example <bob@example.org>\r\n"
        + "To: alice@example.org\r\n"
        + "Subject: " + subject + "\r\n"
        + "Date: Fri, 01 Mar 2024 09:" + String.format("%02d", n % 60) + ":00 +0100\r\n"
        + "Message-ID: <idle-" + n + "@example.org>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "\r\n"
        + "Hello Alice, this is message " + n + ".\r\n";
  }

  /** Waits until onNewMail named the UID, and returns the stored record. */
  MessageRecord awaitNewMail(String accountId, long uidValidity, long uid) {
    Await.until("onNewMail with UID " + uid + " for " + accountId,
        () -> events.uids("onNewMail", accountId).contains(uid), () -> supervisor.followedAccounts() + " events " + events);
    return store.message(MessageKey.of(accountId, "INBOX", uidValidity, uid)).orElseThrow();
  }

  /** The UIDs the store holds for the account's INBOX. */
  List<Long> storedUids(String accountId) {
    List<Long> uids = new ArrayList<>();
    store.forEachMessage(accountId, record -> {
      if (record.key().folder().imapFolder().equals("INBOX")) uids.add(record.key().uid());
    });
    uids.sort(null);
    return uids;
  }

  static boolean complete(MessageRecord record) {
    return record.state() == ContentState.COMPLETE;
  }

  @Override
  public void close() {
    supervisor.close();
    engine.close();
  }
}
