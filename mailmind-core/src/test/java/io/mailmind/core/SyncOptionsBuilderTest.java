package io.mailmind.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SyncOptions.Builder} behaves like {@link Mailmind.Builder}: values checked at once, each setting once. */
class SyncOptionsBuilderTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    SyncOptions d = SyncOptions.defaults();

    assertThat(d).isEqualTo(SyncOptions.builder().build());
    assertThat(d.batchSize()).isEqualTo(50);
    assertThat(d.batchMaxBytes()).isEqualTo(32L << 20);
    assertThat(d.metadataBatchSize()).isEqualTo(500);
    assertThat(d.include()).isEmpty();
    assertThat(d.exclude()).isEmpty();
    assertThat(d.syncInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.maxConnectionsPerAccount()).isEqualTo(2);
    assertThat(d.markdown()).isTrue();
    assertThat(d.markdownMaxInputChars()).isEqualTo(2_000_000);
    assertThat(d.markdownMaxOutputChars()).isEqualTo(500_000);
    assertThat(d.markdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.markdownConverter()).isEqualTo(MarkdownConverter.MAILMIND);
    assertThat(d.markdownMaxDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.flagRefreshInterval()).isZero();
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.readTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.maxAttempts()).isEqualTo(3);
    assertThat(d.commandTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.syncTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(d.maxLineBytes()).isEqualTo(1 << 20);
    assertThat(d.maxLiteralBytes()).isEqualTo(64L << 20);
  }

  @Test
  void buildsWhatWasSet() {
    SyncOptions o = SyncOptions.builder().batchSize(7).include(List.of("INBOX", "Work/*"))
        .exclude(List.of("Work/old")).markdown(false).flagRefreshInterval(Duration.ofHours(1)).maxAttempts(1)
        .markdownConverter(MarkdownConverter.FLEXMARK).markdownMaxDelay(Duration.ZERO).build();

    assertThat(o.batchSize()).isEqualTo(7);
    assertThat(o.include()).containsExactly("INBOX", "Work/*");
    assertThat(o.exclude()).containsExactly("Work/old");
    assertThat(o.markdown()).isFalse();
    assertThat(o.flagRefreshInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(o.maxAttempts()).isEqualTo(1);
    assertThat(o.markdownConverter()).isEqualTo(MarkdownConverter.FLEXMARK);
    assertThat(o.markdownMaxDelay()).isZero();
  }

  @Test
  void flexmarkWithoutItsJarFailsWhenBuilt() throws Exception {
    try (WithoutFlexmark loader = new WithoutFlexmark()) {
      Class<?> options = loader.loadClass(SyncOptions.class.getName());
      assertThat(options.getClassLoader()).isSameAs(loader);
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object flexmark = Enum.valueOf((Class) loader.loadClass(MarkdownConverter.class.getName()), "FLEXMARK");
      Object builder = options.getMethod("builder").invoke(null);
      builder.getClass().getMethod("markdownConverter", flexmark.getClass()).invoke(builder, flexmark);
      Method build = builder.getClass().getMethod("build");

      assertThatThrownBy(() -> build.invoke(builder)).isInstanceOf(InvocationTargetException.class)
          .cause().isInstanceOf(IllegalStateException.class)
          .hasMessage("markdownConverter was 'FLEXMARK' but flexmark's converter"
              + " (com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter) is not on the class path: add"
              + " com.vladsch.flexmark:flexmark-html2md-converter (an optional dependency of mailmind-core) or keep"
              + " the default converter");
      // the default converter needs no flexmark
      Object defaults = options.getMethod("defaults").invoke(null);
      assertThat(options.getMethod("markdownConverter").invoke(defaults)).hasToString("MAILMIND");
    }
  }

  /** mailmind-core's classes loaded again, from its class directory, with flexmark's classes not to be found. */
  private static final class WithoutFlexmark extends URLClassLoader {
    WithoutFlexmark() {
      super(new URL[] {SyncOptions.class.getProtectionDomain().getCodeSource().getLocation()},
          SyncOptionsBuilderTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("com.vladsch.flexmark.")) throw new ClassNotFoundException(name);
      if (!name.startsWith("io.mailmind.core.")) return super.loadClass(name, resolve);
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) loaded = findClass(name);
        if (resolve) resolveClass(loaded);
        return loaded;
      }
    }
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(b -> b.batchSize(0), "batchSize was '0' but it must be at least 1"),
        bad(b -> b.batchMaxBytes(1023), "batchMaxBytes was '1023' but it must be at least 1024"),
        bad(b -> b.metadataBatchSize(-1), "metadataBatchSize was '-1' but it must be at least 1"),
        bad(b -> b.syncInterval(Duration.ZERO), "syncInterval was 'PT0S' but it must be positive"),
        bad(b -> b.maxConnectionsPerAccount(0), "maxConnectionsPerAccount was '0' but it must be at least 1"),
        bad(b -> b.markdownMaxInputChars(0), "markdownMaxInputChars was '0' but it must be at least 1"),
        bad(b -> b.markdownMaxOutputChars(0), "markdownMaxOutputChars was '0' but it must be at least 1"),
        bad(b -> b.markdownTimeout(Duration.ofSeconds(-1)), "markdownTimeout was 'PT-1S' but it must be positive"),
        bad(b -> b.markdownMaxDelay(Duration.ofSeconds(-1)),
            "markdownMaxDelay was 'PT-1S' but it must not be negative"),
        bad(b -> b.flagRefreshInterval(Duration.ofSeconds(-1)),
            "flagRefreshInterval was 'PT-1S' but it must not be negative"),
        bad(b -> b.connectTimeout(Duration.ZERO), "connectTimeout was 'PT0S' but it must be positive"),
        bad(b -> b.readTimeout(Duration.ZERO), "readTimeout was 'PT0S' but it must be positive"),
        bad(b -> b.maxAttempts(0), "maxAttempts was '0' but it must be at least 1"),
        bad(b -> b.commandTimeout(Duration.ZERO), "commandTimeout was 'PT0S' but it must be positive"),
        bad(b -> b.syncTimeout(Duration.ZERO), "syncTimeout was 'PT0S' but it must be positive"),
        bad(b -> b.maxLineBytes(100), "maxLineBytes was '100' but it must be at least 1024"),
        bad(b -> b.maxLiteralBytes(100), "maxLiteralBytes was '100' but it must be at least 1024"),
        bad(b -> b.include(List.of("INBOX", " ")), "include was '[INBOX,  ]' but it must not hold a blank glob"),
        bad(b -> b.exclude(List.of("")), "exclude was '[]' but it must not hold a blank glob"));
  }

  private static Arguments bad(Consumer<SyncOptions.Builder> setter, String message) {
    return Arguments.of(setter, message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void aSetterRefusesABadValueAtOnceNamingPropertyValueAndRule(Consumer<SyncOptions.Builder> setter, String message) {
    assertThatThrownBy(() -> setter.accept(SyncOptions.builder()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void nullsAreRefusedNamingTheParameter() {
    assertThatThrownBy(() -> SyncOptions.builder().readTimeout(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("readTimeout");
    assertThatThrownBy(() -> SyncOptions.builder().include(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("include");
    assertThatThrownBy(() -> SyncOptions.builder().exclude(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class).hasMessage("exclude glob");
  }

  @Test
  void eachSettingOnce() {
    SyncOptions.Builder builder = SyncOptions.builder().batchSize(10).include(List.of("INBOX")).markdown(false)
        .readTimeout(Duration.ofSeconds(5));

    assertThatThrownBy(() -> builder.batchSize(20))
        .isInstanceOf(IllegalStateException.class).hasMessage("batchSize was already set to 10");
    assertThatThrownBy(() -> builder.include(List.of("Work"))).hasMessage("include was already set to [INBOX]");
    assertThatThrownBy(() -> builder.markdown(true)).hasMessage("markdown was already set to false");
    assertThatThrownBy(() -> builder.readTimeout(Duration.ofSeconds(5))).hasMessage("readTimeout was already set to PT5S");
    assertThat(builder.build().include()).containsExactly("INBOX");
  }

  @Test
  void aRefusedValueDoesNotCountAsSet() {
    SyncOptions.Builder builder = SyncOptions.builder();
    assertThatThrownBy(() -> builder.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);

    assertThat(builder.maxAttempts(5).build().maxAttempts()).isEqualTo(5);
  }

  @Test
  void buildNamesEveryGlobBothIncludedAndExcludedInOneMessage() {
    SyncOptions.Builder builder = SyncOptions.builder().include(List.of("INBOX", "Work/*", "Archive"))
        .exclude(List.of("Archive", "Spam", "INBOX"));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("exclude was '[Archive, Spam, INBOX]' but it must not repeat 'Archive' of include: the folders"
            + " it matches would never be synced; exclude was '[Archive, Spam, INBOX]' but it must not repeat"
            + " 'INBOX' of include: the folders it matches would never be synced");
  }

  @Test
  void theConstructorNamesEveryBadValueInOneMessage() {
    SyncOptions d = SyncOptions.defaults();

    assertThatThrownBy(() -> new SyncOptions(0, d.batchMaxBytes(), d.metadataBatchSize(), d.include(), d.exclude(),
        d.syncInterval(), d.maxConnectionsPerAccount(), d.markdown(), d.markdownMaxInputChars(),
        d.markdownMaxOutputChars(), d.markdownTimeout(), d.markdownConverter(), Duration.ofSeconds(-1),
        d.flagRefreshInterval(), d.connectTimeout(), Duration.ZERO, d.maxAttempts(), d.commandTimeout(),
        d.syncTimeout(), d.maxLineBytes(), d.maxLiteralBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize was '0' but it must be at least 1; markdownMaxDelay was 'PT-1S' but it must not be"
            + " negative; readTimeout was 'PT0S' but it must be positive");
  }
}
