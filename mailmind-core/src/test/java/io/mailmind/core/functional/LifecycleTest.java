package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Mailmind#firstSync} and {@link Mailmind.Builder#shutdownTimeout}: waiting for the mirror, and stopping. */
class LifecycleTest {
  private final InMemoryMailStore store = new InMemoryMailStore();
  private GreenMail greenMail;
  private ImapAccount account;

  @BeforeEach
  void setUp() throws Exception {
    greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
    greenMail.setUser("ann@example.org", "ann", "secret");
    for (int i = 1; i <= 3; i++) {
      greenMail.getManagers().getImapHostManager().getInbox(greenMail.getUserManager().getUser("ann"))
          .appendMessage(GreenMailUtil.newMimeMessage(SampleMessages.plain(i, "plain " + i)), new Flags(), new Date());
    }
    account = ImapAccount.builder().id("ann@test").host("127.0.0.1").port(greenMail.getImap().getPort())
        .security(Security.PLAIN).username("ann").build();
  }

  @AfterEach
  void tearDown() {
    greenMail.stop();
  }

  private Mailmind.Builder builder(String password) {
    return Mailmind.builder().store(store).accounts(account).credentials(a -> Credentials.password(password))
        .idleOptions(IdleOptions.disabled());
  }

  @Test
  @DisplayName("firstSync completes after start() with the first sync's report, once the listeners have seen it")
  void firstSyncAfterStart() throws Exception {
    List<SyncReport> seen = new CopyOnWriteArrayList<>();
    try (Mailmind mailmind = builder("secret").listener(new EventListener() {
      @Override
      public void onSyncFinished(SyncReport report) {
        seen.add(report);
      }
    }).build()) {
      CompletableFuture<SyncReport> first = mailmind.firstSync("ann@test");
      mailmind.start();

      SyncReport report = first.get(60, TimeUnit.SECONDS);
      assertThat(report.accountId()).isEqualTo("ann@test");
      assertThat(report.errors()).isZero();
      assertThat(report.messagesNew()).isEqualTo(3);
      assertThat(store.countMessages("ann@test")).isEqualTo(3);
      assertThat(seen).first().isSameAs(report);
    }
  }

  @Test
  @DisplayName("asked after the first sync ended, firstSync is already complete with that report")
  void firstSyncAskedLate() throws Exception {
    try (Mailmind mailmind = builder("secret").build()) {
      SyncReport synced = mailmind.sync(account);
      mailmind.sync(account); // a second sync does not replace the first report

      CompletableFuture<SyncReport> first = mailmind.firstSync("ann@test");
      assertThat(first).isCompletedWithValue(synced);
    }
  }

  @Test
  @DisplayName("each caller gets its own future: cancelling one leaves the others waiting")
  void firstSyncFuturesAreIndependent() throws Exception {
    try (Mailmind mailmind = builder("secret").build()) {
      mailmind.firstSync("ann@test").cancel(true);
      CompletableFuture<SyncReport> other = mailmind.firstSync("ann@test");
      assertThat(other).isNotDone();
      SyncReport synced = mailmind.sync(account);
      assertThat(other.get(60, TimeUnit.SECONDS)).isSameAs(synced);
    }
  }

  @Test
  @DisplayName("a first sync that cannot log in completes firstSync with a report that counts the error")
  @ExpectedLogs("the login is refused on purpose: the failed sync is logged")
  void firstSyncThatFailed() throws Exception {
    try (Mailmind mailmind = builder("wrong").build()) {
      mailmind.start();
      SyncReport report = mailmind.firstSync("ann@test").get(60, TimeUnit.SECONDS);
      assertThat(report.errors()).isPositive();
      assertThat(report.folders()).isZero();
    }
  }

  @Test
  @DisplayName("close() fails the firstSync futures of accounts never synced, before and after it")
  void closeFailsWaitingFutures() {
    Mailmind mailmind = builder("secret").build();
    CompletableFuture<SyncReport> waiting = mailmind.firstSync("nobody@test");
    mailmind.close();

    assertThatThrownBy(() -> waiting.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed before the first sync of nobody@test ended");
    assertThat(mailmind.firstSync("ann@test")).isCompletedExceptionally();
  }

  @Test
  @DisplayName("close() waits for a running task within shutdownTimeout, and lets it end by itself; work it cuts short is no error")
  void closeWaitsForRunningWork(CapturedLog log) throws Exception {
    Blocking blocking = new Blocking();
    Mailmind mailmind = builder("secret").listener(blocking).shutdownTimeout(Duration.ofMinutes(10)).build();
    mailmind.start();
    assertThat(blocking.entered.await(60, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(mailmind::close, "closer");
    closer.start();
    Await.until("close() to wait for the running task", () -> closer.getState() == Thread.State.TIMED_WAITING);
    assertThat(closer.isAlive()).as("close() returned while a task was still running").isTrue();
    blocking.release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(60));

    assertThat(closer.isAlive()).isFalse();
    assertThat(blocking.interrupted).isFalse();
    // The content batches that the closing executor refused are logged at INFO, not reported as errors.
    assertThat(blocking.errors).as("onError").isEmpty();
    assertThat(log.warningsAndErrors()).isEmpty();
  }

  @Test
  @DisplayName("with shutdownTimeout zero, close() interrupts a running task instead of waiting for it")
  @ExpectedLogs("with no shutdown time the executor says it interrupts the running task")
  void closeInterruptsAfterShutdownTimeout() throws Exception {
    Blocking blocking = new Blocking();
    Mailmind mailmind = builder("secret").listener(blocking).shutdownTimeout(Duration.ZERO).build();
    mailmind.start();
    assertThat(blocking.entered.await(60, TimeUnit.SECONDS)).isTrue();

    mailmind.close(); // the task is never released: only an interrupt ends it

    Await.until("the blocked task to be interrupted", blocking.interrupted::get);
  }

  /** Holds the task that stores the first metadata until released or interrupted. */
  private static final class Blocking implements EventListener {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();
    final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void onError(String accountId, io.mailmind.core.MailmindException error) {
      errors.add(accountId + ": " + error.getMessage());
    }

    @Override
    public void onMessagesStored(MessagesEvent event) {
      entered.countDown();
      try {
        if (!release.await(5, TimeUnit.MINUTES)) throw new AssertionError("never released");
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
      }
    }
  }
}
