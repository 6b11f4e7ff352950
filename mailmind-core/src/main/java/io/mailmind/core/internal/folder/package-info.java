/**
 * Folder names: modified UTF-7, server delimiters, SPECIAL-USE and Gmail labels to logical names, the sync order,
 * include/exclude globs, and the stored order of flags. Pure functions. Not API: anything here can change or
 * disappear in any release.
 */
package io.mailmind.core.internal.folder;
