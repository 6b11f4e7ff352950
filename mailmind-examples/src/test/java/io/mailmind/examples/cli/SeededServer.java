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
}
