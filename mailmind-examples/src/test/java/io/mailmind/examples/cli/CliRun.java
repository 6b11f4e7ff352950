package io.mailmind.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs the command line in-process with captured stdout and stderr and a given environment. */
final class CliRun {
  final int status;
  final String out;
  final String err;

  private CliRun(int status, String out, String err) {
    this.status = status;
    this.out = out;
    this.err = err;
  }

  static CliRun run(Map<String, String> env, String... args) {
    return run(env, StopSignal.manual(), args);
  }

  static CliRun run(Map<String, String> env, StopSignal stop, String... args) {
    return run(env, stop, false, args);
  }

  /** As if stderr were a terminal: progress is shown. */
  static CliRun interactive(Map<String, String> env, String... args) {
    return run(env, StopSignal.manual(), true, args);
  }

  private static CliRun run(Map<String, String> env, StopSignal stop, boolean interactive, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int status = MailmindCli.run(args, new CliContext(outStream, errStream, env::get, interactive, () -> stop));
    return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The non-empty lines of stdout. */
  List<String> outLines() {
    return Arrays.stream(out.split("\n")).filter(line -> !line.isEmpty()).collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
