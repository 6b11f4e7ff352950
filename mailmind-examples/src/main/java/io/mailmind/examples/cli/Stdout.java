package io.mailmind.examples.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The command line's stdout: a buffered UTF-8 {@link PrintStream} that also remembers whether a write failed because
 * the reader went away ({@code ./mailmind export | head -n 1}: the pipe is closed once {@code head} has its line),
 * which a command may take as the end of its output rather than as a failure. Any other write failure (a full disk
 * behind a redirect) stays a failure: {@link #checkError()} reports it and {@link #readerGone()} is false.
 */
final class Stdout extends PrintStream {
  private final Watch watch;

  private Stdout(Watch watch) {
    super(new BufferedOutputStream(watch, 1 << 16), false, StandardCharsets.UTF_8);
    this.watch = watch;
  }

  /** Stdout over {@code out} (the process's file descriptor 1, or a test's stream). */
  static Stdout over(OutputStream out) {
    return new Stdout(new Watch(out));
  }

  /** Whether a write failed because nobody reads stdout any more (a broken pipe). */
  boolean readerGone() {
    return watch.readerGone;
  }

  /** Passes writes through and notes a broken pipe. */
  private static final class Watch extends FilterOutputStream {
    private volatile boolean readerGone;

    Watch(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw noted(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw noted(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw noted(e);
      }
    }

    private IOException noted(IOException e) {
      // What Linux and macOS report for EPIPE; Windows says the pipe is being closed / has been ended.
      String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (message.contains("broken pipe") || message.contains("pipe is being closed")
          || message.contains("pipe has been ended")) {
        readerGone = true;
      }
      return e;
    }
  }
}
