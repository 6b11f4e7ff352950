package io.mailmind.examples.cli;

import io.mailmind.jdbc.SqliteDataSources;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the command line keeps attachment bytes: {@code --attachments db} (in the database), {@code --attachments
 * DIR} (files named by their SHA-256 under DIR), or by default, for an embedded database file (H2 or SQLite), the
 * directory {@code NAME.attachments} beside it, and the database for any other database.
 *
 * <p>Why the directory is the embedded default: on the 10,000-message benchmark mailbox (1.2 GB of attachments)
 * H2 spent 13 of 47 CPU-seconds serialising attachment chunks through its page store (about 5 GB of garbage and
 * 54 full collections under {@code -Xmx256m}); files cost a fraction of that (bench/README.md). A server database
 * keeps them inside, where every cluster node sees them. Stateless.
 */
public final class AttachmentPlace {
  static final String OPTION = "attachments";
  static final String IN_DATABASE = "db";
  static final String SUFFIX = ".attachments";

  private AttachmentPlace() {}

  /** The directory for the attachments of the store at {@code url}, or empty to keep them in the database. */
  static Optional<Path> directory(String url, CommandLine line) {
    Optional<String> chosen = line.value(OPTION);
    if (chosen.isPresent()) {
      String value = chosen.get().strip();
      if (value.isEmpty()) throw line.usage("option --" + OPTION + " must be 'db' or a directory");
      return value.equals(IN_DATABASE) ? Optional.empty() : Optional.of(Path.of(value));
    }
    return besideEmbeddedFile(url);
  }

  /**
   * The default directory for the store at {@code url} ({@code NAME.attachments} beside an H2 or SQLite file),
   * or empty for a database that keeps them inside: for programs that open a store the command line made.
   */
  public static Optional<Path> besideEmbeddedFile(String url) {
    return embeddedFile(url).map(file -> file.resolveSibling(file.getFileName() + SUFFIX));
  }

  /**
   * The database file of an embedded H2 or SQLite URL without its extension ({@code jdbc:h2:file:data/mail} →
   * {@code data/mail}, {@code jdbc:sqlite:data/mail.db} → {@code data/mail}); empty for in-memory and server URLs.
   */
  static Optional<Path> embeddedFile(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return SqliteDataSources.fileOf(url).map(file -> {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? file.resolveSibling(name.substring(0, dot)) : file;
      });
    }
    if (!url.startsWith("jdbc:h2:")) return Optional.empty();
    String rest = url.substring("jdbc:h2:".length());
    int semicolon = rest.indexOf(';');
    String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.startsWith("file:")) {
      path = path.substring("file:".length());
    } else if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")
        || lower.startsWith("zip:") || lower.startsWith("nio") || lower.startsWith("split:")) {
      return Optional.empty();
    }
    if (path.isEmpty()) return Optional.empty();
    if (path.equals("~") || path.startsWith("~/")) path = System.getProperty("user.home") + path.substring(1);
    return Optional.of(Path.of(path));
  }
}
