package io.mailmind.core.internal.util;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks the public builders and option records share, so that all word their messages the same way:
 * {@code <property> was '<value>' but it <reason>} for a bad value, {@code <property> was already set to <value>}
 * for a second call of a builder's setter, and every problem found at once joined into one message ({@code "; "}).
 * A null value throws a {@link NullPointerException} naming the property at once.
 *
 * <p>An instance collects problems ({@link #collecting()}, then {@link #throwIfBadValues()} or
 * {@link #throwIfBadCombinations()}); the static methods check one value and throw at once, for setters. Not
 * thread-safe.
 */
public final class Checks {
  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  private final List<String> problems = new ArrayList<>();

  private Checks() {}

  public static Checks collecting() {
    return new Checks();
  }

  /** Records that {@code name} is being set, or throws when it was set before (to {@code current}). */
  public static void once(Set<String> set, String name, Object current) {
    if (!set.add(name)) throw new IllegalStateException(name + " was already set to " + current);
  }

  /** An {@code int} of at least {@code min}, or an {@link IllegalArgumentException}. */
  public static int requireAtLeast(String name, int value, int min) {
    collecting().atLeast(name, value, min).throwIfBadValues();
    return value;
  }

  /** A {@code long} of at least {@code min}, or an {@link IllegalArgumentException}. */
  public static long requireAtLeast(String name, long value, long min) {
    collecting().atLeast(name, value, min).throwIfBadValues();
    return value;
  }

  /** A duration above zero, or an {@link IllegalArgumentException}. */
  public static Duration requirePositive(String name, Duration value) {
    collecting().positive(name, value).throwIfBadValues();
    return value;
  }

  /** A duration of zero or more, or an {@link IllegalArgumentException}. */
  public static Duration requireNotNegative(String name, Duration value) {
    collecting().notNegative(name, value).throwIfBadValues();
    return value;
  }

  public Checks atLeast(String name, long value, long min) {
    if (value < min) problems.add(name + " was '" + value + "' but it must be at least " + min);
    return this;
  }

  public Checks positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) problems.add(name + " was '" + value + "' but it must be positive");
    return this;
  }

  public Checks notNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) problems.add(name + " was '" + value + "' but it must not be negative");
    return this;
  }

  /** A duration that a {@code long} of nanoseconds holds (at most 292 years), so that delays compute exactly. */
  public Checks inNanos(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(LONGEST) > 0) problems.add(name + " was '" + value + "' but it must be at most " + LONGEST);
    return this;
  }

  /** Adds a problem found by the caller (a combination of settings, say). */
  public Checks problem(String message) {
    problems.add(message);
    return this;
  }

  /** Throws one {@link IllegalArgumentException} naming every problem, when there is any. */
  public void throwIfBadValues() {
    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
  }

  /** Throws one {@link IllegalStateException} naming every problem, when there is any. */
  public void throwIfBadCombinations() {
    if (!problems.isEmpty()) throw new IllegalStateException(String.join("; ", problems));
  }
}
