package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.testkit.logs.ExpectedLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage exits with 2 and one line on stderr that names the option; nothing reaches stdout. */
class UsageTest {
  private static final Map<String, String> ENV = Map.of("IMAP_PASSWORD", "s3cret-pw");

  private static CliRun run(String... args) {
    return CliRun.run(ENV, args);
  }

  private static void assertUsage(CliRun run, String expectedFragment) {
    assertThat(run.status).as(run.toString()).isEqualTo(2);
    assertThat(run.out).isEmpty();
    assertThat(run.err.strip()).doesNotContain("\n").contains(expectedFragment);
  }

  @Test
  void noCommand() {
    assertUsage(run(), "missing command");
  }

  @Test
  void unknownCommand() {
    assertUsage(run("mirror"), "unknown command 'mirror'");
  }

  @Test
  void unknownOption() {
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-env", "IMAP_PASSWORD", "--colour"), "--colour");
  }

  @Test
  void missingHostAndUser() {
    assertUsage(run("sync", "--user", "u", "--password-env", "IMAP_PASSWORD"), "missing --host");
    assertUsage(run("watch", "--host", "h", "--password-env", "IMAP_PASSWORD"), "missing --user");
  }

  @Test
  void missingSecretSource() {
    assertUsage(run("sync", "--host", "h", "--user", "u"), "--password-env");
  }

  @Test
  void bothSecretSources(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("pw"), "x\n");
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-env", "IMAP_PASSWORD", "--password-file",
        file.toString()), "only one of --password-env and --password-file");
  }

  @Test
  void unsetEnvironmentVariable() {
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-env", "NOT_SET"), "--password-env names NOT_SET");
  }

  @Test
  void unreadablePasswordFile(@TempDir Path dir) {
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-file", dir.resolve("absent").toString()),
        "--password-file");
  }

  @Test
  void emptyPasswordFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("pw"), "\nsecond line\n");
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-file", file.toString()), "first line is empty");
  }

  @Test
  void badSecurityPortAndBatchSize() {
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-env", "IMAP_PASSWORD", "--security", "ssl"),
        "--security");
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-env", "IMAP_PASSWORD", "--port", "0"), "--port");
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-env", "IMAP_PASSWORD", "--batch-size", "none"),
        "--batch-size");
  }

  @Test
  void missingCertificateFile() {
    assertUsage(run("sync", "--host", "h", "--user", "u", "--password-env", "IMAP_PASSWORD", "--trust-cert",
        "/nonexistent/ca.pem"), "--trust-cert");
  }

  @Test
  void notAJdbcUrl() {
    assertUsage(run("export", "--db", "postgres://localhost/test"), "--db");
  }

  @Test
  void passwordOnTheCommandLineIsRefusedAndNotEchoed() {
    CliRun run = run("sync", "--host", "h", "--user", "u", "--password", "hunter2");
    assertUsage(run, "--password");
    assertThat(run.err).doesNotContain("hunter2");
  }

  @Test
  @ExpectedLogs("the sync to port 1 is refused, and logged")
  void plainSecurityWarnsOnStderr() {
    CliRun run = run("sync", "--host", "127.0.0.1", "--port", "1", "--user", "u", "--password-env", "IMAP_PASSWORD",
        "--security", "plain", "--db", "jdbc:h2:mem:usage-plain");
    assertThat(run.err).contains("warning: --security plain").contains("127.0.0.1:1").doesNotContain("s3cret-pw");
    assertThat(run.status).isEqualTo(1);
  }

  @Test
  void helpGoesToStdoutWithStatusZero() {
    CliRun run = run("--help");
    assertThat(run.status).isZero();
    assertThat(run.out).contains("usage: mailmind").contains("--password-env");
  }
}
