/** The sync engine: scheduler, account sync, folder sync, the content pipeline and Markdown rendering. */
package io.mailmind.core.internal.sync;
