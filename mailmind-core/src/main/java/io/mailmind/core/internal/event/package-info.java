/**
 * The engine's side of {@link io.mailmind.core.spi.EventListener}: calls every listener the host registered, in
 * order, and keeps a failing listener from stopping the engine. Used by the sync and the IDLE packages alike. Not
 * API: anything here can change or disappear in any release.
 */
package io.mailmind.core.internal.event;
