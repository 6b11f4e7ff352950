package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  private static final Set<String> VALUED = Set.of("host", "port", "include");
  private static final Set<String> FLAGS = Set.of("oauth2");

  private static CommandLine parse(String... args) {
    return CommandLine.parse("sync", List.of(args), VALUED, FLAGS);
  }

  @Test
  void valuesWithSpaceOrEquals() {
    CommandLine line = parse("--host", "imap.example.org", "--port=993", "--oauth2");
    assertThat(line.required("host")).isEqualTo("imap.example.org");
    assertThat(line.intValue("port", 143, 1, 65535)).isEqualTo(993);
    assertThat(line.has("oauth2")).isTrue();
  }

  @Test
  void durationsWithAUnitOrInIso8601() {
    CommandLine line = CommandLine.parse("sync", List.of("--command-timeout", "90s", "--sync-timeout", "PT2H"),
        Set.of("command-timeout", "sync-timeout"), FLAGS);
    assertThat(line.durationValue("command-timeout", java.time.Duration.ZERO)).hasSeconds(90);
    assertThat(line.durationValue("sync-timeout", java.time.Duration.ZERO)).hasHours(2);
    assertThat(parse().durationValue("command-timeout", java.time.Duration.ofMinutes(10))).hasMinutes(10);
    assertThatThrownBy(() -> CommandLine.parse("sync", List.of("--sync-timeout", "0s"), Set.of("sync-timeout"), FLAGS)
        .durationValue("sync-timeout", null)).isInstanceOf(UsageException.class)
        .hasMessage("mailmind sync: option --sync-timeout was '0s' but it must be a positive duration such as 90s, 10m "
            + "or 2h");
  }

  @Test
  void absentIntGivesTheFallback() {
    assertThat(parse().intValue("port", 143, 1, 65535)).isEqualTo(143);
  }

  @Test
  void unknownOptionIsNamed() {
    assertThatThrownBy(() -> parse("--hots", "x")).isInstanceOf(UsageException.class)
        .hasMessage("mailmind sync: unknown option --hots (see mailmind --help)");
  }

  @Test
  void passwordOptionIsRefusedWithAHint() {
    assertThatThrownBy(() -> parse("--password", "hunter2")).isInstanceOf(UsageException.class)
        .hasMessageContaining("--password is not supported")
        .hasMessageContaining("--password-env")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void missingValueIsNamed() {
    assertThatThrownBy(() -> parse("--host")).hasMessage("mailmind sync: option --host needs a value");
    assertThatThrownBy(() -> parse("--host", "--oauth2")).hasMessage("mailmind sync: option --host needs a value");
  }

  @Test
  void flagWithValueIsRefused() {
    assertThatThrownBy(() -> parse("--oauth2=yes")).hasMessage("mailmind sync: option --oauth2 takes no value");
  }

  @Test
  void strayArgumentIsRefused() {
    assertThatThrownBy(() -> parse("imap.example.org")).isInstanceOf(UsageException.class)
        .hasMessageContaining("unexpected argument 'imap.example.org'");
  }

  @Test
  void repeatedOptionIsRefusedUnlessItIsAList() {
    assertThatThrownBy(() -> parse("--host", "a", "--host", "b")).hasMessage("mailmind sync: option --host was given twice");
    assertThat(parse("--include", "INBOX, Sent", "--include", "Archive/*").list("include"))
        .containsExactly("INBOX", "Sent", "Archive/*");
  }

  @Test
  void badNumberNamesTheOptionAndTheRange() {
    assertThatThrownBy(() -> parse("--port", "imap").intValue("port", 993, 1, 65535))
        .hasMessage("mailmind sync: option --port was 'imap' but it must be a number in 1..65535");
    assertThatThrownBy(() -> parse("--port", "70000").intValue("port", 993, 1, 65535))
        .isInstanceOf(UsageException.class);
  }
}
