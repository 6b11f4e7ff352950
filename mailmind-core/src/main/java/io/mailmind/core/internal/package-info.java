/**
 * Implementation. Not API: anything here can change or disappear in any release.
 */
package io.mailmind.core.internal;
