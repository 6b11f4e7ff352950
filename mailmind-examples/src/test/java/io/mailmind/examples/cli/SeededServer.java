package io.mailmind.examples.cli;

import java.util.Date;

/** The demo's sample mailbox on a fresh embedded GreenMail, for tests. */
final class SeededServer {
  private SeededServer() {}

  static DemoServer start() {
    DemoServer server = DemoServer.start(SampleMailbox.USER, SampleMailbox.ME.address(), SampleMailbox.FOLDERS);
    for (SampleMailbox.Sample sample : SampleMailbox.messages()) {
      server.append(sample.folder(), sample.message(), sample.flags(), Date.from(sample.internalDate()));
    }
    return server;
  }

  /** {@code sync} of the sample user on {@code server} into {@code db}, the password in IMAP_PASSWORD of {@code env}. */
  static CliRun sync(DemoServer server, java.util.Map<String, String> env, String db, String... more) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sync", "--host", DemoServer.HOST,
        "--port", String.valueOf(server.port()), "--security", "plain", "--user", SampleMailbox.USER,
        "--password-env", "IMAP_PASSWORD", "--db", db));
    args.addAll(java.util.List.of(more));
    return CliRun.run(env, args.toArray(String[]::new));
  }
}
