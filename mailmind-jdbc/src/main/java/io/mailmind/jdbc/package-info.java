/**
 * A {@link io.mailmind.core.spi.MailStore} over JDBC: {@link io.mailmind.jdbc.JdbcMailStore} and its builder,
 * {@link io.mailmind.jdbc.JdbcDialect}. This package is API.
 */
package io.mailmind.jdbc;
