package io.mailmind.testkit.logs;

import java.io.PrintStream;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Keeps the build's console for real problems: what a test writes to {@code System.err} (its log lines, the stack
 * traces of the failures it provokes) is captured, and printed only when the test fails. A test that passes but
 * logged WARN or ERROR lines it did not expect gets one line on the console naming it and its first such line; a
 * test expects them when it takes a {@link CapturedLog} parameter (and asserts on it) or is marked
 * {@link ExpectedLogs}. Output outside the tests (a {@code @BeforeAll}, threads still running between tests) is
 * captured per class and judged the same way when the class ends.
 *
 * <p>Registered for every test by JUnit's extension auto-detection (META-INF/services, and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in the surefire configuration); a test run without it
 * (an IDE) just shows everything. Tests must run one at a time (JUnit's default): the capture is per JVM.
 */
public final class LogCaptureExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
      LogCaptureExtension.class);

  /** A capture and the one it interrupted. */
  private record Frame(CapturedLog log, CapturedLog previous) {}

  /**
   * The build's console (surefire's standard error), for a message that must be seen whatever the running test
   * captures (a test skipped for want of a server).
   */
  public static PrintStream console() {
    return StderrRouter.console();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    StderrRouter.install();
    push(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    StderrRouter.install();
    push(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    pop(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    pop(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == CapturedLog.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Frame frame = frame(context);
    if (frame == null) throw new IllegalStateException("no log is captured for " + context.getDisplayName());
    frame.log().claim();
    return frame.log();
  }

  private static void push(ExtensionContext context) {
    CapturedLog log = new CapturedLog(name(context));
    context.getStore(NAMESPACE).put(key(context), new Frame(log, StderrRouter.current()));
    StderrRouter.current(log);
  }

  private static void pop(ExtensionContext context) {
    Frame frame = context.getStore(NAMESPACE).remove(key(context), Frame.class);
    if (frame == null) return;
    StderrRouter.current(frame.previous());
    Optional<Throwable> thrown = context.getExecutionException();
    boolean failed = thrown.isPresent() && !(thrown.get() instanceof TestAbortedException)
        || context.getStore(NAMESPACE).get(failedKey(context)) != null;
    if (failed) {
      // the class's own output (its @BeforeAll, threads between tests) is printed too, when the class ends
      context.getParent().ifPresent(parent -> parent.getStore(NAMESPACE).put(failedKey(parent), Boolean.TRUE));
      print(frame.log(), thrown.isPresent() ? "failed" : "has a failed test");
    } else if (!frame.log().claimed() && !expected(context)) {
      report(frame.log());
    }
  }

  /** The frame of this context or the nearest enclosing one (the store looks in the parents too). */
  private static Frame frame(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Frame frame = c.getStore(NAMESPACE).get(key(c), Frame.class);
      if (frame != null) return frame;
    }
    return null;
  }

  private static boolean expected(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<AnnotatedElement> element = c.getElement();
      if (element.isPresent() && AnnotationSupport.isAnnotated(element.get(), ExpectedLogs.class)) return true;
    }
    return false;
  }

  private static void print(CapturedLog log, String outcome) {
    String text = log.text();
    if (text.isEmpty()) return;
    PrintStream console = StderrRouter.console();
    synchronized (console) {
      console.println("---- captured output of " + log.name() + " (" + outcome + ") ----");
      console.print(text.endsWith("\n") ? text : text + "\n");
      console.println("---- end of captured output of " + log.name() + " ----");
      console.flush();
    }
  }

  private static void report(CapturedLog log) {
    List<String> unexpected = log.warningsAndErrors();
    if (unexpected.isEmpty()) return;
    PrintStream console = StderrRouter.console();
    console.println("LogCapture: " + log.name() + " passed but logged " + unexpected.size() + " unexpected "
        + "WARN/ERROR line(s) (take a CapturedLog parameter and assert on them, or mark the test @ExpectedLogs); "
        + "the first: " + abbreviate(unexpected.get(0)));
    console.flush();
  }

  private static String abbreviate(String line) {
    return abbreviate(line, 300);
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  private static String key(ExtensionContext context) {
    return "frame " + context.getUniqueId();
  }

  private static String failedKey(ExtensionContext context) {
    return "failed " + context.getUniqueId();
  }

  private static String name(ExtensionContext context) {
    String className = context.getTestClass().map(Class::getName).orElse("?");
    return context.getTestMethod().map(method -> {
      String name = className + "." + method.getName() + "()";
      String display = context.getDisplayName();
      return display.startsWith(method.getName() + "(") ? name : name + " [" + abbreviate(display, 80) + "]";
    }).orElse(className);
  }
}
