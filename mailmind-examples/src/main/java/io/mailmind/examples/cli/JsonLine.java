package io.mailmind.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * Writes one compact JSON object, in the order fields are added, as one line. Non-ASCII is written as is
 * (the output stream is UTF-8). Not thread-safe; one instance per line.
 */
final class JsonLine {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final StringWriter buffer = new StringWriter(512);
  private final JsonGenerator json;

  JsonLine() {
    try {
      json = FACTORY.createGenerator(buffer);
      json.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The generator, positioned inside the object, for nested values. */
  JsonGenerator generator() {
    return json;
  }

  JsonLine string(String name, String value) {
    return write(() -> json.writeStringField(name, value));
  }

  JsonLine number(String name, long value) {
    return write(() -> json.writeNumberField(name, value));
  }

  /** A number, or null. */
  JsonLine number(String name, Long value) {
    return write(() -> {
      json.writeFieldName(name);
      if (value == null) json.writeNull(); else json.writeNumber(value);
    });
  }

  JsonLine bool(String name, boolean value) {
    return write(() -> json.writeBooleanField(name, value));
  }

  /** A duration as decimal seconds with millisecond precision ({@code 12.345}; {@code 0.0} for none). */
  JsonLine seconds(String name, Duration value) {
    return write(() -> json.writeNumberField(name, value == null ? 0.0 : value.toMillis() / 1000.0));
  }

  /** An instant in UTC, second precision ({@code 2024-03-01T09:15:00Z}), or null. */
  JsonLine instantSeconds(String name, Instant value) {
    return string(name, value == null ? null : value.truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /** An instant in UTC, millisecond precision ({@code 2026-11-24T10:00:00.123Z}), or null. */
  JsonLine instantMillis(String name, Instant value) {
    return string(name, value == null ? null : MILLIS.format(value));
  }

  JsonLine strings(String name, Collection<String> values) {
    return write(() -> {
      json.writeArrayFieldStart(name);
      for (String value : values) json.writeString(value);
      json.writeEndArray();
    });
  }

  JsonLine numbers(String name, Collection<Long> values) {
    return write(() -> {
      json.writeArrayFieldStart(name);
      for (Long value : values) json.writeNumber(value);
      json.writeEndArray();
    });
  }

  /** Writes a field through the generator directly. */
  JsonLine write(Writing writing) {
    try {
      writing.write();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Closes the object; returns it with a trailing newline. */
  String end() {
    write(() -> {
      json.writeEndObject();
      json.close();
    });
    return buffer.append('\n').toString();
  }

  @FunctionalInterface
  interface Writing {
    void write() throws IOException;
  }
}
