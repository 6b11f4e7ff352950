package io.mailmind.testkit.logs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says that a test (every test of a class, and of its {@code @Nested} classes) provokes WARN or ERROR log lines on
 * purpose, so {@link LogCaptureExtension} does not report them when the test passes. Prefer a {@link CapturedLog}
 * parameter and an assertion on the lines that matter; this annotation is for tests where the lines are a side
 * effect (a server killed under a client, a peer that misbehaves) and asserting on them would add nothing.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ExpectedLogs {
  /** Why the test logs WARN or ERROR lines (for the reader). */
  String value();
}
