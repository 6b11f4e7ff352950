package io.mailmind.examples.cli;

/**
 * Configures slf4j-simple (the examples' binding, set up in {@code simplelogger.properties}: stderr, WARN by
 * default, INFO for Mailmind's lifecycle) before the first logger exists. {@code --verbose} turns on Mailmind's
 * DEBUG output; the demo keeps Mailmind at WARN and silences its embedded GreenMail so its report stays
 * readable.
 */
final class Logging {
  private static final String MAILMIND_LEVEL = "org.slf4j.simpleLogger.log.io.mailmind";
  private static final String GREENMAIL_LEVEL = "org.slf4j.simpleLogger.log.com.icegreen";

  private Logging() {}

  static void configure(boolean verbose, boolean quiet) {
    if (quiet && System.getProperty(GREENMAIL_LEVEL) == null) {
      // GreenMail reports a client that drops an IDLE connection (as closing Mailmind does) with a stack trace
      System.setProperty(GREENMAIL_LEVEL, "off");
    }
    if (System.getProperty(MAILMIND_LEVEL) != null) return; // set on the java command line: it wins
    if (verbose) {
      System.setProperty(MAILMIND_LEVEL, "debug");
    } else if (quiet) {
      System.setProperty(MAILMIND_LEVEL, "warn");
    }
  }

  static boolean verbose() {
    return "debug".equals(System.getProperty(MAILMIND_LEVEL));
  }
}
