/**
 * What the engine knows of each account as it works (the status view behind {@code Mailmind.status()}) and what it
 * measures (passed on to the host's {@link io.mailmind.core.spi.MetricsRecorder}). Internal: may change at any time.
 */
package io.mailmind.core.internal.status;
