/**
 * The {@code mailmind} command line ({@link io.mailmind.examples.cli.MailmindCli}): {@code demo}, {@code sync},
 * {@code watch}, {@code export} (as the command-line contract describes them) and {@code serve}. Options are parsed by hand
 * (no CLI library); JSON is written with Jackson's streaming generator so fields keep the contract's order.
 * Not API.
 */
package io.mailmind.examples.cli;
