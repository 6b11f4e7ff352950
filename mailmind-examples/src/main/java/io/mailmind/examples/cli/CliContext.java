package io.mailmind.examples.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a command talks to: stdout (JSON only, UTF-8), stderr (progress, warnings, errors), the environment
 * (for {@code --password-env}), whether stderr is a terminal, and how {@code watch} learns to stop.
 */
record CliContext(
    PrintStream out, PrintStream err, Function<String, String> env, boolean interactive, Supplier<StopSignal> stopSignal) {

  /** A context over the given streams and environment, not interactive, stopped by the returned signal. */
  static CliContext of(PrintStream out, PrintStream err, Map<String, String> env, StopSignal stopSignal) {
    return new CliContext(out, err, env::get, false, () -> stopSignal);
  }
}
