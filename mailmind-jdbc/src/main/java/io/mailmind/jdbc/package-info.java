/**
 * A {@link io.mailmind.core.spi.MailStore} over JDBC: {@link io.mailmind.jdbc.JdbcMailStore} and its builder,
 * {@link io.mailmind.jdbc.JdbcDialect}; and the accounts kept in the same database with their secrets encrypted:
 * {@link io.mailmind.jdbc.JdbcAccounts}, an {@link io.mailmind.core.spi.AccountSource} and
 * {@link io.mailmind.core.spi.CredentialsProvider}. This package is API.
 */
package io.mailmind.jdbc;
