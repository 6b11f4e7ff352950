/**
 * The assembly of the engine behind {@link io.mailmind.core.Mailmind}: {@link
 * io.mailmind.core.internal.engine.Engine} creates and connects the sync's parts, the scheduler, the IDLE
 * supervisor and the executor. Not API: anything here can change or disappear in any release.
 */
package io.mailmind.core.internal.engine;
