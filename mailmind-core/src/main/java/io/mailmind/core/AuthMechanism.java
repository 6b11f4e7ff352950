package io.mailmind.core;

/** How Mailmind logs in. */
public enum AuthMechanism {
  /** LOGIN / AUTHENTICATE PLAIN with a password. */
  PASSWORD,
  /** AUTHENTICATE XOAUTH2 with an OAuth2 access token. */
  XOAUTH2
}
