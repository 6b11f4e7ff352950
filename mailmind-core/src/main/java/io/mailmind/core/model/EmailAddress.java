package io.mailmind.core.model;

import java.util.Objects;

/**
 * A decoded mailbox address. {@code name} is the decoded display name or {@code null}; {@code address} is the
 * addr-spec as written (it may be empty for a group or a broken header, never null).
 */
public record EmailAddress(String name, String address) {
  public EmailAddress {
    Objects.requireNonNull(address, "address");
  }
}
