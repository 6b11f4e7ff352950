package io.mailmind.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import io.mailmind.core.Mailmind;
import io.mailmind.core.spi.MailStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddingExampleTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = ExampleServer.greenMail();

  @Test
  void mirrorsTheAccountAndPrintsNewMail() throws Exception {
    GreenMailUser user = ExampleServer.user(GREENMAIL);
    ExampleServer.append(GREENMAIL, user, ExampleServer.html(1));
    ExampleServer.append(GREENMAIL, user, ExampleServer.html(2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    try (MailStore store = ExampleServer.h2Store();
         Mailmind mailmind = EmbeddingExample.mirror(store, ExampleServer.account(GREENMAIL),
             () -> ExampleServer.PASSWORD, out)) {
      await(() -> store.countMessages("dev@127.0.0.1") == 2, "the first sync stores both messages");
      ExampleServer.append(GREENMAIL, user, ExampleServer.html(3));
      await(() -> bytes.toString(StandardCharsets.UTF_8).contains("new message(s) in Inbox"), "a new-mail line");
      assertThat(store.countMessages("dev@127.0.0.1")).isEqualTo(3);
    }
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(50);
    }
  }
}
