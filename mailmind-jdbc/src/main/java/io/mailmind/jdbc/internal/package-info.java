/**
 * The JDBC store's implementation: SQL per database, row mapping, attachment bytes, schema migrations. Not
 * API: it may change in any release.
 */
package io.mailmind.jdbc.internal;
