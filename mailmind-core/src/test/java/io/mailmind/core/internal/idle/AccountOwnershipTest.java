package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.AccountNotOwnedException;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.core.spi.TaskHandler;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.ManualOwnership;
import io.mailmind.testkit.RecordingEventListener;
import io.mailmind.testkit.TcpFaultProxy;
import io.mailmind.testkit.VirtualSleeper;
import io.mailmind.testkit.WriteRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine follows only the accounts its {@link io.mailmind.core.spi.AccountOwnership} gives it, and reacts to a
 * change at once: two GreenMail accounts, {@code a} direct and {@code b} behind a proxy that counts its
 * connections, a store that records every write in one order, and {@link ManualOwnership} playing the lease
 * implementation. Retries and reconnects run in virtual time; the periodic sync and account refresh are an hour
 * apart, so whatever happens within a test is the reaction to the change.
 */
class AccountOwnershipTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  private final InMemoryMailStore memory = new InMemoryMailStore();
  private final WriteRecorder recorder = new WriteRecorder(memory);
  private final RecordingEventListener events = new RecordingEventListener();
  private final VirtualSleeper sleeper = new VirtualSleeper();
  private final RecordingExecutor executor = new RecordingExecutor();
  private GreenMailUser alice;
  private GreenMailUser bob;
  private MailFolder aliceInbox;
  private MailFolder bobInbox;
  private TcpFaultProxy bobServer;
  private ImapAccount a;
  private ImapAccount b;

  @BeforeEach
  void setUp() {
    alice = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    bob = GREENMAIL.setUser("bob@example.org", "bob", "secret");
    aliceInbox = GREENMAIL.getManagers().getImapHostManager().getFolder(alice, "INBOX");
    bobInbox = GREENMAIL.getManagers().getImapHostManager().getFolder(bob, "INBOX");
    bobServer = TcpFaultProxy.start("127.0.0.1", GREENMAIL.getImap().getPort());
    a = IdleHarness.account("a", "127.0.0.1", GREENMAIL.getImap().getPort(), "alice");
    b = IdleHarness.account("b", "127.0.0.1", bobServer.port(), "bob");
  }

  @AfterEach
  void tearDown() {
    executor.close();
    bobServer.close();
  }

  private Mailmind mailmind(ManualOwnership ownership, boolean idle, ImapAccount... accounts) {
    return Mailmind.builder().store(recorder.store()).accounts(accounts)
        .credentials(account -> Credentials.password("secret")).listener(events).sleeper(sleeper)
        .executor(executor).ownership(ownership)
        .syncOptions(SyncOptions.builder().syncInterval(Duration.ofHours(1)).build())
        .idleOptions(IdleOptions.builder().enabled(idle).accountRefresh(Duration.ofHours(1))
            .backoffInitial(Duration.ofMillis(20)).backoffMax(Duration.ofMillis(200)).build())
        .build();
  }

  @Test
  @DisplayName("a revoked account is no longer followed or written once released() returns; granted back, it is"
      + " followed again and the mail delivered meanwhile is stored and announced")
  void revokeStopsTheWatcherAndTheWritesAndGrantCatchesUp() {
    ManualOwnership ownership = new ManualOwnership("a", "b");
    try (Mailmind mailmind = mailmind(ownership, true, a, b)) {
      mailmind.start();
      assertThat(ownership.started()).isTrue();
      awaitIdling(mailmind, "a", "b");
      long followed = IdleHarness.deliver(bob, bobInbox, 1, "while b is owned");
      Await.until("b's new mail", () -> events.uids("onNewMail", "b").contains(followed), events::toString);

      ownership.revoke("b");
      long revokedAt = recorder.sequence();
      int connectionsAtRevoke = bobServer.accepted();

      assertThat(mailmind.followedAccounts()).extracting(FollowedAccount::accountId).containsExactly("a");
      Await.until("b's IDLE and sync connections closed at the server", () -> bobServer.open() == 0,
          () -> "open " + bobServer.open());
      long missed1 = IdleHarness.deliver(bob, bobInbox, 2, "while b is not owned");
      long missed2 = IdleHarness.deliver(bob, bobInbox, 3, "while b is not owned");
      long forAlice = IdleHarness.deliver(alice, aliceInbox, 4, "a is still followed");
      Await.until("a's new mail", () -> events.uids("onNewMail", "a").contains(forAlice), events::toString);
      assertThatThrownBy(() -> mailmind.sync("b")).isInstanceOf(AccountNotOwnedException.class);
      // Tasks queued before the change: dropped, not run and not errors.
      mailmind.taskHandler().handle(new MailTask.SyncAccount("b"));
      mailmind.taskHandler().handle(new MailTask.ProcessNewMail("b", "INBOX"));

      assertThat(recorder.writes("b")).isNotEmpty().allMatch(write -> write.sequence() <= revokedAt);
      assertThat(bobServer.accepted()).isEqualTo(connectionsAtRevoke);
      assertThat(events.uids("onNewMail", "b")).containsExactly(followed);
      assertThat(events.count("onError", "b")).isZero();

      ownership.grant("b");
      Await.until("b's missed mail announced", () -> events.uids("onNewMail", "b").containsAll(List.of(missed1,
          missed2)), events::toString);
      for (long uid : List.of(missed1, missed2)) {
        assertThat(memory.message(MessageKey.of("b", "INBOX", bobInbox.getUidValidity(), uid)))
            .hasValueSatisfying(record -> assertThat(IdleHarness.complete(record)).isTrue());
      }
      awaitIdling(mailmind, "a", "b");
      Await.until("the catch-up sync of b", () -> events.count("onSyncFinished", "b") == 2, events::toString);
      assertThat(events.count("onError", "b")).isZero();
    }
    assertThat(ownership.stopped()).isTrue();
  }

  @Test
  @DisplayName("an account the node does not own is neither synced by the scheduler nor followed, and its tasks"
      + " are dropped")
  void unownedAccountIsNotSyncedFollowedOrRun() {
    ManualOwnership ownership = new ManualOwnership("a");
    IdleHarness.deliver(bob, bobInbox, 1, "for b");
    // b first: a scheduler that queued it would have done so before a's sync finished.
    try (Mailmind mailmind = mailmind(ownership, true, b, a)) {
      mailmind.start();
      Await.until("a's scheduled sync", () -> events.count("onSyncFinished", "a") == 1, events::toString);
      awaitIdling(mailmind, "a");

      assertThat(executor.tasks("b")).isEmpty();
      assertThat(mailmind.followedAccounts()).extracting(FollowedAccount::accountId).containsExactly("a");
      TaskHandler handler = mailmind.taskHandler();
      handler.handle(new MailTask.SyncAccount("b"));
      handler.handle(new MailTask.SyncFolder("b", "INBOX"));
      handler.handle(new MailTask.ProcessNewMail("b", "INBOX"));
      handler.handle(new MailTask.RenderMarkdown("b", "INBOX", bobInbox.getUidValidity(), List.of(1L)));

      assertThat(recorder.writes("b")).isEmpty();
      assertThat(bobServer.accepted()).isZero();
      assertThat(events.events()).noneMatch(event -> event.accountId().equals("b"));
    }
  }

  @Test
  @DisplayName("a node frozen in a sync wakes up after its lease was lost: the sync stops at once, writes nothing"
      + " more, retries nothing and reports no error")
  void syncFrozenWhileRevokedWritesNothingMore() throws Exception {
    for (int i = 1; i <= 3; i++) IdleHarness.deliver(bob, bobInbox, i, "for b");
    CountDownLatch frozen = new CountDownLatch(1);
    CountDownLatch wake = new CountDownLatch(1);
    recorder.beforeCall((accountId, method) -> {
      // After LIST the account sync reads the stored folders, then writes the new ones: no IMAP work between,
      // so only the fence can stop those writes.
      if ("b".equals(accountId) && method.equals("folders") && frozen.getCount() > 0) {
        frozen.countDown();
        awaitQuietly(wake);
      }
    });
    ManualOwnership ownership = new ManualOwnership("a", "b");
    try (Mailmind mailmind = mailmind(ownership, false, a, b)) {
      mailmind.start();
      assertThat(frozen.await(30, TimeUnit.SECONDS)).isTrue();

      ownership.revoke("b"); // the heartbeat was refused: the lease is gone
      int sleepsAtRevoke = sleeper.sleeps().size();
      wake.countDown();

      Await.until("b's tasks ended", () -> executor.tasks("b").stream().allMatch(t -> t.done().isDone()),
          () -> executor.tasks("b").toString());
      assertThat(executor.tasks("b")).isNotEmpty()
          .allSatisfy(task -> assertThat(task.done()).isCompleted());
      assertThat(recorder.writes("b")).isEmpty();
      assertThat(memory.folders("b")).isEmpty();
      assertThat(sleeper.sleeps()).hasSize(sleepsAtRevoke);
      assertThat(events.count("onError", "b")).isZero();
      assertThat(events.count("onSyncFinished", "b")).isZero();
      assertThatThrownBy(() -> mailmind.sync("b")).isInstanceOf(AccountNotOwnedException.class);
      Await.until("a's scheduled sync", () -> events.count("onSyncFinished", "a") == 1, events::toString);
      assertThat(events.count("onError", "a")).isZero();
    }
  }

  @Test
  @DisplayName("released() returns only after a store write of the account in flight has ended; no write of it"
      + " follows")
  void releaseWaitsForTheWriteInFlight() throws Exception {
    IdleHarness.deliver(bob, bobInbox, 1, "for b");
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    recorder.beforeCall((accountId, method) -> {
      if ("b".equals(accountId) && method.equals("upsertMetadata") && writing.getCount() > 0) {
        writing.countDown();
        awaitQuietly(finish);
      }
    });
    ManualOwnership ownership = new ManualOwnership("b");
    try (Mailmind mailmind = mailmind(ownership, false, b)) {
      mailmind.start();
      assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();

      AtomicLong returnedAt = new AtomicLong(-1);
      Thread heartbeat = new Thread(() -> {
        ownership.revoke("b");
        returnedAt.set(recorder.sequence());
      }, "lease-heartbeat");
      heartbeat.start();
      Await.until("released() waiting for the write", () -> !ownership.owns("b")
          && heartbeat.getState() == Thread.State.TIMED_WAITING && returnedAt.get() < 0,
          () -> heartbeat.getState() + ", returned at " + returnedAt.get());
      finish.countDown();
      heartbeat.join(TimeUnit.SECONDS.toMillis(30));

      assertThat(returnedAt.get()).isPositive();
      List<WriteRecorder.Write> metadata = recorder.writes("b").stream()
          .filter(write -> write.method().equals("upsertMetadata")).toList();
      assertThat(metadata).hasSize(1).allMatch(write -> write.sequence() <= returnedAt.get());
      Await.until("b's tasks ended", () -> executor.tasks("b").stream().allMatch(t -> t.done().isDone()),
          () -> executor.tasks("b").toString());
      assertThat(recorder.writes("b")).allMatch(write -> write.sequence() <= returnedAt.get());
      assertThat(events.count("onError", "b")).isZero();
    }
  }

  private static void awaitIdling(Mailmind mailmind, String... accountIds) {
    Await.until(List.of(accountIds) + " idling", () -> {
      Map<String, State> states = mailmind.followedAccounts().stream()
          .collect(java.util.stream.Collectors.toMap(FollowedAccount::accountId, FollowedAccount::state));
      return states.size() == accountIds.length
          && List.of(accountIds).stream().allMatch(id -> states.get(id) == State.IDLING);
    }, () -> mailmind.followedAccounts().toString());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) throw new AssertionError("the test did not release the store call");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The default executor, recording each task and when it ended. */
  private static final class RecordingExecutor implements TaskExecutor {
    record Submitted(MailTask task, CompletableFuture<Void> done) {}

    private final TaskExecutor executor = TaskExecutor.defaultExecutor(4);
    private final List<Submitted> submitted = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> submit(MailTask task, TaskHandler handler) {
      CompletableFuture<Void> done = executor.submit(task, handler).toCompletableFuture();
      submitted.add(new Submitted(task, done));
      return done;
    }

    List<Submitted> tasks(String accountId) {
      return submitted.stream().filter(s -> s.task().accountId().equals(accountId)).toList();
    }

    @Override
    public void close() {
      executor.close();
    }
  }
}
