package io.mailmind.examples;

import io.mailmind.core.spi.MailStore;
import io.mailmind.testkit.MailStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;

/** How to prove a custom store: extend the contract kit of the core test-jar and return a fresh, empty store. */
@DisplayName("MarkdownFilesStore over H2 passes the MailStore contract")
class MarkdownFilesStoreContractTest extends MailStoreContract {
  private Path root;

  @Override
  protected MailStore createStore() throws Exception {
    root = Files.createTempDirectory("markdown-files");
    return new MarkdownFilesStore(ExampleServer.h2Store(), root);
  }

  @Override
  protected void dispose(MailStore store) throws Exception {
    super.dispose(store);
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }
}
