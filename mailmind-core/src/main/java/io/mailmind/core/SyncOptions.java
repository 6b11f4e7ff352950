package io.mailmind.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How accounts are synchronised. Build with {@link #builder()}; immutable and thread-safe.
 *
 * @param batchSize                messages per full-content batch
 * @param batchMaxBytes            total RFC822.SIZE per content batch; a larger message goes alone
 * @param metadataBatchSize        messages per metadata fetch and store
 * @param include                  folder globs to sync (matched on the decoded server name); empty means all
 * @param exclude                  folder globs to skip
 * @param syncInterval             period of the scheduled sync of every active account
 * @param maxConnectionsPerAccount IMAP connections (and concurrent tasks) per account
 * @param markdown                 convert HTML bodies to Markdown
 * @param markdownMaxInputChars    HTML longer than this is cut before conversion
 * @param markdownMaxOutputChars   Markdown longer than this is cut
 * @param markdownTimeout          a conversion taking longer falls back to plain text
 * @param flagRefreshInterval      without CONDSTORE: how often the flags of the whole folder are re-read
 *                                 ({@link Duration#ZERO}: at every sync)
 * @param connectTimeout           TCP connect and TLS handshake
 * @param readTimeout              socket read timeout for commands (not for IDLE)
 * @param maxAttempts              tries of one batch or folder before it counts as an error
 * @param commandTimeout           the longest one IMAP command may take, its whole response included; a server
 *                                 that sends slower than that fails the command (reads that keep arriving
 *                                 within {@code readTimeout} do not extend it)
 * @param syncTimeout              the longest one account sync may take; past it, the sync's remaining IMAP
 *                                 commands fail at once and the sync ends with errors
 * @param maxLineBytes             the longest response text the server may send (literals not counted)
 * @param maxLiteralBytes          the largest literal the server may send; a message body is also held to twice
 *                                 its RFC822.SIZE (plus 64 KiB), and never above a quarter of the heap
 */
public record SyncOptions(
    int batchSize,
    long batchMaxBytes,
    int metadataBatchSize,
    List<String> include,
    List<String> exclude,
    Duration syncInterval,
    int maxConnectionsPerAccount,
    boolean markdown,
    int markdownMaxInputChars,
    int markdownMaxOutputChars,
    Duration markdownTimeout,
    Duration flagRefreshInterval,
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration commandTimeout,
    Duration syncTimeout,
    int maxLineBytes,
    long maxLiteralBytes) {

  public SyncOptions {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(markdownTimeout, "markdownTimeout");
    Objects.requireNonNull(flagRefreshInterval, "flagRefreshInterval");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(syncTimeout, "syncTimeout");
  }

  public static SyncOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SyncOptions}; setters check their value at once, {@link #build()} checks combinations. */
  public static final class Builder {
    private int batchSize = 50;
    private long batchMaxBytes = 32L * 1024 * 1024;
    private int metadataBatchSize = 500;
    private final List<String> include = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private Duration syncInterval = Duration.ofMinutes(5);
    private int maxConnectionsPerAccount = 2;
    private boolean markdown = true;
    private int markdownMaxInputChars = 2_000_000;
    private int markdownMaxOutputChars = 500_000;
    private Duration markdownTimeout = Duration.ofSeconds(10);
    private Duration flagRefreshInterval = Duration.ZERO;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofMinutes(2);
    private int maxAttempts = 3;
    private Duration commandTimeout = Duration.ofMinutes(10);
    private Duration syncTimeout = Duration.ofHours(24);
    private int maxLineBytes = 1 << 20;
    private long maxLiteralBytes = 64L << 20;

    private Builder() {}

    private static int positive(String name, int value) {
      if (value < 1) throw new IllegalArgumentException(name + " was '" + value + "' but it must be at least 1");
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " was '" + value + "' but it must be positive");
      }
      return value;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = positive("batchSize", batchSize);
      return this;
    }

    public Builder batchMaxBytes(long batchMaxBytes) {
      if (batchMaxBytes < 1024) {
        throw new IllegalArgumentException("batchMaxBytes was '" + batchMaxBytes + "' but it must be at least 1024");
      }
      this.batchMaxBytes = batchMaxBytes;
      return this;
    }

    public Builder metadataBatchSize(int metadataBatchSize) {
      this.metadataBatchSize = positive("metadataBatchSize", metadataBatchSize);
      return this;
    }

    /** Folder globs to sync ({@code *} any characters, {@code ?} one), matched on the decoded server name. */
    public Builder include(List<String> globs) {
      include.addAll(Objects.requireNonNull(globs, "globs"));
      return this;
    }

    public Builder exclude(List<String> globs) {
      exclude.addAll(Objects.requireNonNull(globs, "globs"));
      return this;
    }

    public Builder syncInterval(Duration syncInterval) {
      this.syncInterval = positive("syncInterval", syncInterval);
      return this;
    }

    public Builder maxConnectionsPerAccount(int maxConnectionsPerAccount) {
      this.maxConnectionsPerAccount = positive("maxConnectionsPerAccount", maxConnectionsPerAccount);
      return this;
    }

    public Builder markdown(boolean markdown) {
      this.markdown = markdown;
      return this;
    }

    public Builder markdownMaxInputChars(int chars) {
      this.markdownMaxInputChars = positive("markdownMaxInputChars", chars);
      return this;
    }

    public Builder markdownMaxOutputChars(int chars) {
      this.markdownMaxOutputChars = positive("markdownMaxOutputChars", chars);
      return this;
    }

    public Builder markdownTimeout(Duration timeout) {
      this.markdownTimeout = positive("markdownTimeout", timeout);
      return this;
    }

    public Builder flagRefreshInterval(Duration interval) {
      Objects.requireNonNull(interval, "flagRefreshInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("flagRefreshInterval was '" + interval + "' but it must not be negative");
      }
      this.flagRefreshInterval = interval;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = positive("maxAttempts", maxAttempts);
      return this;
    }

    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive("commandTimeout", timeout);
      return this;
    }

    public Builder syncTimeout(Duration timeout) {
      this.syncTimeout = positive("syncTimeout", timeout);
      return this;
    }

    public Builder maxLineBytes(int bytes) {
      if (bytes < 1024) throw new IllegalArgumentException("maxLineBytes was '" + bytes + "' but it must be at least 1024");
      this.maxLineBytes = bytes;
      return this;
    }

    public Builder maxLiteralBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxLiteralBytes was '" + bytes + "' but it must be at least 1024");
      }
      this.maxLiteralBytes = bytes;
      return this;
    }

    public SyncOptions build() {
      return new SyncOptions(batchSize, batchMaxBytes, metadataBatchSize, include, exclude, syncInterval,
          maxConnectionsPerAccount, markdown, markdownMaxInputChars, markdownMaxOutputChars, markdownTimeout,
          flagRefreshInterval, connectTimeout, readTimeout, maxAttempts, commandTimeout, syncTimeout, maxLineBytes,
          maxLiteralBytes);
    }
  }
}
