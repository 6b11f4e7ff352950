package io.mailmind.core;

import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.internal.util.Checks;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How accounts are synchronised. Build with {@link #builder()} (or take {@link #defaults()}); immutable and
 * thread-safe.
 *
 * <p>Checked when built: each value (the builder's setter refuses a bad one at once; the constructor names all
 * bad ones in one {@link IllegalArgumentException}), then the combinations: a glob may not be both in
 * {@code include} and in {@code exclude} (the folders it matches would never be synced), and flexmark's
 * converter may only be chosen when it is on the class path; reported in one {@link IllegalStateException}.
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
 * @param markdownConverter        which converter writes the Markdown; {@link MarkdownConverter#FLEXMARK} needs
 *                                 flexmark-html2md-converter on the class path (checked when built)
 * @param markdownMaxDelay         Markdown follows an account's content (new mail's excepted: it goes beside it);
 *                                 a conversion that has waited this long takes a slot beside the content, so a
 *                                 long import shows Markdown as it goes ({@link Duration#ZERO}: always beside it)
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
    MarkdownConverter markdownConverter,
    Duration markdownMaxDelay,
    Duration flagRefreshInterval,
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration commandTimeout,
    Duration syncTimeout,
    int maxLineBytes,
    long maxLiteralBytes) {

  public SyncOptions {
    Objects.requireNonNull(include, "include");
    Objects.requireNonNull(exclude, "exclude");
    Objects.requireNonNull(markdownConverter, "markdownConverter");
    Checks values = Checks.collecting()
        .atLeast("batchSize", batchSize, 1)
        .atLeast("batchMaxBytes", batchMaxBytes, 1024)
        .atLeast("metadataBatchSize", metadataBatchSize, 1)
        .positive("syncInterval", syncInterval)
        .atLeast("maxConnectionsPerAccount", maxConnectionsPerAccount, 1)
        .atLeast("markdownMaxInputChars", markdownMaxInputChars, 1)
        .atLeast("markdownMaxOutputChars", markdownMaxOutputChars, 1)
        .positive("markdownTimeout", markdownTimeout)
        .notNegative("markdownMaxDelay", markdownMaxDelay)
        .notNegative("flagRefreshInterval", flagRefreshInterval)
        .positive("connectTimeout", connectTimeout)
        .positive("readTimeout", readTimeout)
        .atLeast("maxAttempts", maxAttempts, 1)
        .positive("commandTimeout", commandTimeout)
        .positive("syncTimeout", syncTimeout)
        .atLeast("maxLineBytes", maxLineBytes, 1024)
        .atLeast("maxLiteralBytes", maxLiteralBytes, 1024);
    globs(values, "include", include);
    globs(values, "exclude", exclude);
    values.throwIfBadValues();
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    Checks combinations = Checks.collecting();
    for (String glob : exclude) {
      if (include.contains(glob)) {
        combinations.problem("exclude was '" + exclude + "' but it must not repeat '" + glob
            + "' of include: the folders it matches would never be synced");
      }
    }
    if (markdown && markdownConverter == MarkdownConverter.FLEXMARK && !HtmlToMarkdown.flexmarkAvailable()) {
      combinations.problem("markdownConverter was 'FLEXMARK' but " + HtmlToMarkdown.FLEXMARK_MISSING);
    }
    combinations.throwIfBadCombinations();
  }

  private static Checks globs(Checks checks, String name, List<String> globs) {
    for (String glob : globs) {
      Objects.requireNonNull(glob, name + " glob");
      if (glob.isBlank()) checks.problem(name + " was '" + globs + "' but it must not hold a blank glob");
    }
    return checks;
  }

  /** Every default: see the builder's setters and the README's table. */
  public static SyncOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link SyncOptions}, starting from the defaults. Each setting may be set once; a setter refuses a bad
   * value at once, and {@link #build()} names every bad combination in one {@link IllegalStateException}. Not
   * thread-safe.
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private int batchSize = 50;
    private long batchMaxBytes = 32L * 1024 * 1024;
    private int metadataBatchSize = 500;
    private List<String> include = List.of();
    private List<String> exclude = List.of();
    private Duration syncInterval = Duration.ofMinutes(5);
    private int maxConnectionsPerAccount = 2;
    private boolean markdown = true;
    private int markdownMaxInputChars = 2_000_000;
    private int markdownMaxOutputChars = 500_000;
    private Duration markdownTimeout = Duration.ofSeconds(10);
    private MarkdownConverter markdownConverter = MarkdownConverter.MAILMIND;
    private Duration markdownMaxDelay = Duration.ofMinutes(1);
    private Duration flagRefreshInterval = Duration.ZERO;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofMinutes(2);
    private int maxAttempts = 3;
    private Duration commandTimeout = Duration.ofMinutes(10);
    private Duration syncTimeout = Duration.ofHours(24);
    private int maxLineBytes = 1 << 20;
    private long maxLiteralBytes = 64L << 20;

    private Builder() {}

    private void once(String name, Object current) {
      Checks.once(set, name, current);
    }

    public Builder batchSize(int batchSize) {
      Checks.requireAtLeast("batchSize", batchSize, 1);
      once("batchSize", this.batchSize);
      this.batchSize = batchSize;
      return this;
    }

    public Builder batchMaxBytes(long batchMaxBytes) {
      Checks.requireAtLeast("batchMaxBytes", batchMaxBytes, 1024);
      once("batchMaxBytes", this.batchMaxBytes);
      this.batchMaxBytes = batchMaxBytes;
      return this;
    }

    public Builder metadataBatchSize(int metadataBatchSize) {
      Checks.requireAtLeast("metadataBatchSize", metadataBatchSize, 1);
      once("metadataBatchSize", this.metadataBatchSize);
      this.metadataBatchSize = metadataBatchSize;
      return this;
    }

    /** Folder globs to sync ({@code *} any characters, {@code ?} one), matched on the decoded server name. */
    public Builder include(List<String> globs) {
      List<String> checked = checkedGlobs("include", globs);
      once("include", this.include);
      this.include = checked;
      return this;
    }

    /** Folder globs to skip, even when included; none may also be in {@link #include}. */
    public Builder exclude(List<String> globs) {
      List<String> checked = checkedGlobs("exclude", globs);
      once("exclude", this.exclude);
      this.exclude = checked;
      return this;
    }

    private static List<String> checkedGlobs(String name, List<String> globs) {
      Objects.requireNonNull(globs, name);
      globs(Checks.collecting(), name, globs).throwIfBadValues();
      return List.copyOf(globs);
    }

    public Builder syncInterval(Duration syncInterval) {
      Checks.requirePositive("syncInterval", syncInterval);
      once("syncInterval", this.syncInterval);
      this.syncInterval = syncInterval;
      return this;
    }

    public Builder maxConnectionsPerAccount(int maxConnectionsPerAccount) {
      Checks.requireAtLeast("maxConnectionsPerAccount", maxConnectionsPerAccount, 1);
      once("maxConnectionsPerAccount", this.maxConnectionsPerAccount);
      this.maxConnectionsPerAccount = maxConnectionsPerAccount;
      return this;
    }

    public Builder markdown(boolean markdown) {
      once("markdown", this.markdown);
      this.markdown = markdown;
      return this;
    }

    public Builder markdownMaxInputChars(int chars) {
      Checks.requireAtLeast("markdownMaxInputChars", chars, 1);
      once("markdownMaxInputChars", this.markdownMaxInputChars);
      this.markdownMaxInputChars = chars;
      return this;
    }

    public Builder markdownMaxOutputChars(int chars) {
      Checks.requireAtLeast("markdownMaxOutputChars", chars, 1);
      once("markdownMaxOutputChars", this.markdownMaxOutputChars);
      this.markdownMaxOutputChars = chars;
      return this;
    }

    public Builder markdownTimeout(Duration timeout) {
      Checks.requirePositive("markdownTimeout", timeout);
      once("markdownTimeout", this.markdownTimeout);
      this.markdownTimeout = timeout;
      return this;
    }

    /**
     * Which converter writes the Markdown; default {@link MarkdownConverter#MAILMIND}. Choosing
     * {@link MarkdownConverter#FLEXMARK} without flexmark-html2md-converter on the class path fails at
     * {@link #build()}.
     */
    public Builder markdownConverter(MarkdownConverter converter) {
      Objects.requireNonNull(converter, "markdownConverter");
      once("markdownConverter", this.markdownConverter);
      this.markdownConverter = converter;
      return this;
    }

    /**
     * How long Markdown may wait for the account's content batches before it takes a slot beside them; default one
     * minute. Markdown of new mail never waits. {@link Duration#ZERO}: Markdown always runs beside the content.
     */
    public Builder markdownMaxDelay(Duration delay) {
      Checks.requireNotNegative("markdownMaxDelay", delay);
      once("markdownMaxDelay", this.markdownMaxDelay);
      this.markdownMaxDelay = delay;
      return this;
    }

    public Builder flagRefreshInterval(Duration interval) {
      Checks.requireNotNegative("flagRefreshInterval", interval);
      once("flagRefreshInterval", this.flagRefreshInterval);
      this.flagRefreshInterval = interval;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      Checks.requirePositive("connectTimeout", timeout);
      once("connectTimeout", this.connectTimeout);
      this.connectTimeout = timeout;
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      Checks.requirePositive("readTimeout", timeout);
      once("readTimeout", this.readTimeout);
      this.readTimeout = timeout;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      Checks.requireAtLeast("maxAttempts", maxAttempts, 1);
      once("maxAttempts", this.maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder commandTimeout(Duration timeout) {
      Checks.requirePositive("commandTimeout", timeout);
      once("commandTimeout", this.commandTimeout);
      this.commandTimeout = timeout;
      return this;
    }

    public Builder syncTimeout(Duration timeout) {
      Checks.requirePositive("syncTimeout", timeout);
      once("syncTimeout", this.syncTimeout);
      this.syncTimeout = timeout;
      return this;
    }

    public Builder maxLineBytes(int bytes) {
      Checks.requireAtLeast("maxLineBytes", bytes, 1024);
      once("maxLineBytes", this.maxLineBytes);
      this.maxLineBytes = bytes;
      return this;
    }

    public Builder maxLiteralBytes(long bytes) {
      Checks.requireAtLeast("maxLiteralBytes", bytes, 1024);
      once("maxLiteralBytes", this.maxLiteralBytes);
      this.maxLiteralBytes = bytes;
      return this;
    }

    /** @throws IllegalStateException naming every bad combination (see {@link SyncOptions}) */
    public SyncOptions build() {
      return new SyncOptions(batchSize, batchMaxBytes, metadataBatchSize, include, exclude, syncInterval,
          maxConnectionsPerAccount, markdown, markdownMaxInputChars, markdownMaxOutputChars, markdownTimeout,
          markdownConverter, markdownMaxDelay, flagRefreshInterval, connectTimeout, readTimeout, maxAttempts,
          commandTimeout, syncTimeout, maxLineBytes, maxLiteralBytes);
    }
  }
}
