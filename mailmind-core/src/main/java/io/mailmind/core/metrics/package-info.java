/**
 * Micrometer metrics for Mailmind: {@link io.mailmind.core.metrics.MailmindMetrics}, a {@code MeterBinder} that is
 * also the engine's {@link io.mailmind.core.spi.MetricsRecorder}. The only package of mailmind-core that refers to
 * Micrometer, an optional dependency: the rest of core runs without it on the class path.
 */
package io.mailmind.core.metrics;
