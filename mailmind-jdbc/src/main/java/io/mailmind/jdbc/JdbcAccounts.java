package io.mailmind.jdbc;

import io.mailmind.core.AuthMechanism;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Folder;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.CredentialsProvider;
import io.mailmind.core.spi.MailStore;
import io.mailmind.jdbc.internal.AccountRow;
import io.mailmind.jdbc.internal.AccountTable;
import io.mailmind.jdbc.internal.CertificateFiles;
import io.mailmind.jdbc.internal.Sealed;
import io.mailmind.jdbc.internal.SecretCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts to mirror, kept in the database next to the mail, with their secrets encrypted: both the
 * {@link AccountSource} and the {@link CredentialsProvider} of a {@link io.mailmind.core.Mailmind}, so that a host
 * (or several replicas of it) changes the accounts at run time with {@link #add}, {@link #disable} and the rest.
 *
 * <pre>{@code
 * JdbcAccounts accounts = JdbcAccounts.builder(dataSource)
 *     .currentKey("2026-01", Base64.getDecoder().decode(System.getenv("MAILMIND_SECRET_KEY"))) // 32 bytes
 *     .olderKey("2025-06", oldKeyBytes)          // still decrypts secrets stored under it, until reEncrypt()
 *     .build();                                   // creates or upgrades the tables
 * accounts.add(ImapAccount.builder().host("imap.example.org").username("ann").build(), Credentials.password(pw));
 * Mailmind mailmind = Mailmind.builder().store(store).accounts(accounts).credentials(accounts).build();
 * }</pre>
 *
 * <p>Table {@code <prefix>imap_accounts}, in the same migration chain as {@link JdbcMailStore}'s tables (schema
 * version 3). Secrets are encrypted with AES-256-GCM (a random nonce per secret, the account id as associated data)
 * under the current key and stored with its key id; any key given decrypts what is stored under its id, so keys can be
 * rotated: build with the new key as current and the old one as older, call {@link #reEncrypt()}, then drop the old
 * key. A secret that does not decrypt (unknown key id, wrong key, altered value) is an {@link AccountSecretException}
 * naming the account and the key id, never a garbled login. No secret is ever logged, printed or in a
 * {@code toString}; {@link #list()} does not read them.
 *
 * <p>{@link #activeAccounts()} is asked often by the engine: it answers from a copy at most {@link Builder#cacheFor}
 * old (default 5 s), re-read at once after a change made through this instance. {@link #credentials} reads and
 * decrypts the secret at every connect, so a changed secret is used at the next login. A trusted certificate is stored
 * as PEM text and handed to the engine as a file written once per process ({@link Builder#certificateDirectory}).
 * Include and exclude globs are stored with the account and given to the engine with it
 * ({@link ImapAccount#include()}): a folder is synced when they and the engine's {@link io.mailmind.core.SyncOptions}
 * both accept it.
 *
 * <p>This class is thread-safe; it keeps no connection between calls.
 */
public final class JdbcAccounts implements AccountSource, CredentialsProvider {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcAccounts.class);

  private final AccountTable table;
  private final SecretCipher cipher;
  private final CertificateFiles certificates;
  private final Clock clock;
  private final long cacheMillis;
  private final ReentrantLock loading = new ReentrantLock();
  /** Counts the changes made through this instance; a cached copy read before the last change is stale. */
  private final AtomicLong changes = new AtomicLong();
  private volatile Snapshot cache;

  private record Snapshot(List<ImapAccount> accounts, long loadedAtMillis, long changes) {}

  private JdbcAccounts(AccountTable table, SecretCipher cipher, CertificateFiles certificates, Clock clock,
      Duration cacheFor) {
    this.table = table;
    this.cipher = cipher;
    this.certificates = certificates;
    this.clock = clock;
    this.cacheMillis = cacheFor.toMillis();
  }

  /** A builder over {@code dataSource}; the accounts never close it. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * A key id derived from the key itself: the first 8 hex digits of the SHA-256 of its bytes. Lets a host (the
   * command line does) name keys without keeping ids: the same key always gets the same id, another key another one.
   */
  public static String keyIdOf(byte[] key) {
    Objects.requireNonNull(key, "key");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The database the accounts are kept in. */
  public JdbcDialect dialect() {
    return table.dialect();
  }

  /** The id of the key new secrets are encrypted under, or null when none was given. */
  public String currentKeyId() {
    return cipher.currentKeyId();
  }

  // ---- changes ----

  /**
   * Stores an account, active, with its secret encrypted under the current key and its folder globs
   * ({@link ImapAccount#include()}, {@link ImapAccount#exclude()}). See
   * {@link #add(ImapAccount, Credentials, List, List)}.
   */
  public void add(ImapAccount account, Credentials credentials) {
    add(account, credentials, account.include(), account.exclude());
  }

  /**
   * Stores an account, active, with its secret encrypted under the current key. Adding an id that exists replaces
   * its settings and secret and makes it active again (its creation time stays). Two hosts adding the same id at once
   * both succeed; the last one wins. The trusted certificate file, if any, is read now and its PEM text stored.
   *
   * @param include folder globs to sync (empty: all)
   * @param exclude folder globs to skip
   * @throws IllegalArgumentException when the credentials' mechanism is not the account's, or the certificate is not PEM
   * @throws IllegalStateException    when no current key was given
   * @throws UncheckedIOException     when the certificate file cannot be read
   * @throws MailStoreException       when the database fails
   */
  public void add(ImapAccount account, Credentials credentials, List<String> include, List<String> exclude) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(credentials, "credentials");
    List<String> includes = globs(include, "include");
    List<String> excludes = globs(exclude, "exclude");
    if (credentials.mechanism() != account.auth()) {
      throw new IllegalArgumentException("credentials were " + credentials.mechanism() + " but account '" + account.id()
          + "' logs in with " + account.auth());
    }
    String pem = account.trustedCertificate() == null ? null : readPem(account);
    Sealed sealed = cipher.seal(account.id(), credentials.secret());
    long now = clock.millis();
    table.upsert(new AccountRow(account.id(), account.host(), account.port(), account.security(), account.username(),
        account.auth(), pem, includes, excludes, true, sealed.keyId(), now, now), sealed);
    changed();
    LOG.info("{} - account stored and active ({}@{}:{}, secret under key id {})", account.id(), account.username(),
        account.host(), account.port(), sealed.keyId());
  }

  /** Makes a stored account active again; false when there is no such account. */
  public boolean enable(String accountId) {
    return setActive(accountId, true);
  }

  /** Makes a stored account inactive (neither synced nor followed; its mail stays); false when there is none. */
  public boolean disable(String accountId) {
    return setActive(accountId, false);
  }

  private boolean setActive(String accountId, boolean active) {
    Objects.requireNonNull(accountId, "accountId");
    boolean found = table.setActive(accountId, active, clock.millis());
    changed();
    if (found) LOG.info("{} - account {}", accountId, active ? "enabled" : "disabled");
    return found;
  }

  /** Forgets an account (its mirrored mail stays in the store); false when there was none. */
  public boolean remove(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    boolean found = table.delete(accountId);
    changed();
    if (found) LOG.info("{} - account removed", accountId);
    return found;
  }

  /**
   * Forgets an account and deletes its mirrored mail from {@code mirror}: every folder of the account with its
   * messages and attachments ({@link MailStore#deleteFolder}). The mail is deleted even when the account was already
   * forgotten, so a removal interrupted between the two steps can be run again. A sync of the account still running
   * elsewhere at that moment can write folders again afterwards: disable the account first, or run this again.
   *
   * @return whether the account was stored
   */
  public boolean remove(String accountId, MailStore mirror) {
    Objects.requireNonNull(mirror, "mirror");
    boolean found = remove(accountId);
    List<Folder> folders = mirror.folders(accountId);
    for (Folder folder : folders) mirror.deleteFolder(folder.id());
    LOG.info("{} - mirrored mail purged ({} folders)", accountId, folders.size());
    return found;
  }

  /**
   * Encrypts every secret stored under another key again under the current key, one account per transaction, and
   * returns how many were. Run it after building with a new current key and the old one as an older key; once it
   * returns, the old key is no longer needed.
   *
   * @throws IllegalStateException  when no current key was given
   * @throws AccountSecretException when a secret does not decrypt with the keys given (those before it are done)
   */
  public int reEncrypt() {
    String current = cipher.currentKeyId();
    if (current == null) throw new IllegalStateException("no current key was given: nothing to re-encrypt under");
    int count = 0;
    for (String accountId : table.accountsNotUnder(current)) {
      boolean done = table.reseal(accountId, sealed -> sealed.keyId().equals(current) ? null
          : cipher.seal(accountId, cipher.open(accountId, sealed)));
      if (done) count++;
    }
    LOG.info("Re-encrypted {} account secrets under key id {}", count, current);
    return count;
  }

  /**
   * Checks that every key id the stored secrets use was given and is the right key, by decrypting one secret per
   * key id. Hosts call it at start, so that a wrong key fails at once rather than at the first login.
   *
   * @throws AccountSecretException naming the first account whose key is missing or wrong
   */
  public void checkKeys() {
    table.keyIdsInUse().forEach((keyId, accountId) ->
        table.secret(accountId).ifPresent(stored -> cipher.open(accountId, stored.sealed())));
  }

  // ---- reads ----

  /** Every stored account, active or not, ordered by id; no secret is read. */
  public List<StoredAccount> list() {
    return table.list(false).stream().map(JdbcAccounts::stored).toList();
  }

  private static StoredAccount stored(AccountRow row) {
    return new StoredAccount(row.accountId(), row.host(), row.port(), row.security(), row.username(), row.auth(),
        row.certificatePem(), row.include(), row.exclude(), row.active(), row.keyId(),
        Instant.ofEpochMilli(row.createdMs()), Instant.ofEpochMilli(row.updatedMs()));
  }

  /** The active accounts, ordered by id, from a copy at most {@link Builder#cacheFor} old. */
  @Override
  public List<ImapAccount> activeAccounts() {
    Snapshot snapshot = cache;
    if (fresh(snapshot)) return snapshot.accounts();
    loading.lock();
    try {
      snapshot = cache;
      if (fresh(snapshot)) return snapshot.accounts();
      long before = changes.get();
      List<ImapAccount> accounts = table.list(true).stream().map(this::imapAccount).toList();
      cache = new Snapshot(accounts, clock.millis(), before);
      return accounts;
    } finally {
      loading.unlock();
    }
  }

  private boolean fresh(Snapshot snapshot) {
    if (snapshot == null || snapshot.changes() != changes.get()) return false;
    long age = clock.millis() - snapshot.loadedAtMillis();
    return age >= 0 && age < cacheMillis;
  }

  private void changed() {
    changes.incrementAndGet();
  }

  private ImapAccount imapAccount(AccountRow row) {
    ImapAccount.Builder account = ImapAccount.builder().id(row.accountId()).host(row.host()).port(row.port())
        .security(row.security()).username(row.username()).auth(row.auth()).include(row.include())
        .exclude(row.exclude());
    if (row.certificatePem() != null) {
      account.trustedCertificate(certificates.fileFor(row.accountId(), row.certificatePem()));
    }
    return account.build();
  }

  /**
   * The decrypted secret of the account, read now.
   *
   * @throws AccountSecretException when it does not decrypt with the keys given
   * @throws MailStoreException     when the account is not stored (any more) or the database fails
   */
  @Override
  public Credentials credentials(ImapAccount account) {
    Objects.requireNonNull(account, "account");
    AccountTable.StoredSecret stored = table.secret(account.id()).orElseThrow(() -> new MailStoreException(
        "account '" + account.id() + "' is not stored in " + table.table() + " (removed?): no credentials for it"));
    String secret = cipher.open(account.id(), stored.sealed());
    return stored.auth() == AuthMechanism.XOAUTH2 ? Credentials.oauth2AccessToken(secret) : Credentials.password(secret);
  }

  @Override
  public String toString() {
    return "JdbcAccounts[" + table.dialect() + ", " + table.table() + ", current key id " + cipher.currentKeyId() + "]";
  }

  private static List<String> globs(List<String> globs, String name) {
    Objects.requireNonNull(globs, name);
    for (int i = 0; i < globs.size(); i++) {
      if (globs.get(i) == null) throw new NullPointerException(name + "[" + i + "]");
    }
    return List.copyOf(globs);
  }

  private static String readPem(ImapAccount account) {
    Path file = account.trustedCertificate();
    String pem;
    try {
      if (Files.size(file) > Builder.MAX_PEM_BYTES) {
        throw new IllegalArgumentException("trustedCertificate was '" + file + "' but it is larger than "
            + Builder.MAX_PEM_BYTES + " bytes");
      }
      pem = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trusted certificate " + file + " of account '" + account.id() + "'", e);
    }
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("trustedCertificate was '" + file + "' but it holds no PEM certificate");
    }
    return pem;
  }

  /**
   * Configures {@link JdbcAccounts}. Each setting can be set once; {@link #olderKey} any number of times. Not
   * thread-safe; what it builds is.
   */
  public static final class Builder {
    static final int MAX_PEM_BYTES = 1 << 20;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration DEFAULT_CACHE = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private JdbcDialect dialect;
    private String tablePrefix;
    private Boolean autoMigrate;
    private String currentKeyId;
    private Path certificateDirectory;
    private Duration cacheFor;
    private Clock clock;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The database; detected from the connection's metadata when not set. */
    public Builder dialect(JdbcDialect value) {
      Objects.requireNonNull(value, "dialect");
      if (dialect != null) throw new IllegalStateException("dialect was already set to " + dialect);
      dialect = value;
      return this;
    }

    /** Prepended to the table name, as for {@link JdbcMailStore.Builder#tablePrefix}; default {@code mm_}. */
    public Builder tablePrefix(String value) {
      if (tablePrefix != null) throw new IllegalStateException("tablePrefix was already set to '" + tablePrefix + "'");
      tablePrefix = JdbcMailStore.Builder.checkPrefix(value);
      return this;
    }

    /** Whether {@link #build()} creates and upgrades the tables (default true), as for {@link JdbcMailStore}. */
    public Builder autoMigrate(boolean value) {
      if (autoMigrate != null) throw new IllegalStateException("autoMigrate was already set to " + autoMigrate);
      autoMigrate = value;
      return this;
    }

    /**
     * The key new secrets are encrypted under (it also decrypts those stored under its id). Without one, the
     * accounts can be listed, enabled, disabled and removed, but not added, and no secret is decrypted.
     *
     * @param id  names the key in each row: 1 to 64 letters, digits, dots, dashes and underscores
     * @param key 32 bytes (AES-256), copied
     */
    public Builder currentKey(String id, byte[] key) {
      if (currentKeyId != null) throw new IllegalStateException("currentKey was already set (key id '" + currentKeyId + "')");
      putKey(id, key);
      currentKeyId = id;
      return this;
    }

    /** The current key, with the id {@link #keyIdOf} derives from it. */
    public Builder currentKey(byte[] key) {
      return currentKey(keyIdOf(Objects.requireNonNull(key, "key")), key);
    }

    /** A key that only decrypts secrets stored under its id (during a rotation); see {@link #currentKey}. */
    public Builder olderKey(String id, byte[] key) {
      putKey(id, key);
      return this;
    }

    /** An older key, with the id {@link #keyIdOf} derives from it. */
    public Builder olderKey(byte[] key) {
      return olderKey(keyIdOf(Objects.requireNonNull(key, "key")), key);
    }

    private void putKey(String id, byte[] key) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(key, "key");
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("key id was '" + id
            + "' but it must be 1 to 64 letters, digits, dots, dashes and underscores");
      }
      if (key.length != 32) {
        throw new IllegalArgumentException("key '" + id + "' was " + key.length
            + " bytes but AES-256 needs 32 (for example decoded from: openssl rand -base64 32)");
      }
      if (keys.containsKey(id)) throw new IllegalStateException("a key with id '" + id + "' was already given");
      keys.put(id, key.clone());
    }

    /** Where trusted certificates are written for the engine (created when missing); default a temporary directory. */
    public Builder certificateDirectory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      if (certificateDirectory != null) {
        throw new IllegalStateException("certificateDirectory was already set to " + certificateDirectory);
      }
      certificateDirectory = directory;
      return this;
    }

    /**
     * How long {@link #activeAccounts()} answers from its copy of the table (default 5 s; {@link Duration#ZERO}
     * reads the table at every call). Changes made by other processes are seen after at most this long.
     */
    public Builder cacheFor(Duration value) {
      Objects.requireNonNull(value, "cacheFor");
      if (cacheFor != null) throw new IllegalStateException("cacheFor was already set to " + cacheFor);
      if (value.isNegative()) throw new IllegalArgumentException("cacheFor was '" + value + "' but it must not be negative");
      cacheFor = value;
      return this;
    }

    /** The clock of the rows' timestamps and of the cache (default the system's UTC clock). */
    public Builder clock(Clock value) {
      Objects.requireNonNull(value, "clock");
      if (clock != null) throw new IllegalStateException("clock was already set to " + clock);
      clock = value;
      return this;
    }

    /**
     * Opens the accounts: detects the dialect if needed, then creates or upgrades the tables (or checks them).
     *
     * @throws MailStoreException when the database cannot be reached or its schema cannot be used
     */
    public JdbcAccounts build() {
      AccountTable table = AccountTable.open(dataSource, dialect, tablePrefix == null ? "mm_" : tablePrefix,
          autoMigrate == null || autoMigrate);
      SecretCipher cipher = new SecretCipher(currentKeyId, keys);
      return new JdbcAccounts(table, cipher, new CertificateFiles(certificateDirectory),
          clock == null ? Clock.systemUTC() : clock, cacheFor == null ? DEFAULT_CACHE : cacheFor);
    }
  }
}
