package dev.pdm.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pdm.core.config.PdmConfig.LogFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes each log event as one line: {@code 2025-01-01T10:00:00.000+00:00 INFO  [thread] Logger - message} (text), or
 * one JSON object ({@code timestamp, level, logger, thread, message, replica, run_id, stage, gitlab_request_id, ...,
 * exception}). Either way every configured secret is replaced by {@value #MASK} in the message and the stack trace.
 */
public final class PdmLogEncoder extends EncoderBase<ILoggingEvent> {
  static final String MASK = "******";
  /** Secrets shorter than this are not masked: replacing two letters everywhere would garble every line. */
  private static final int MIN_SECRET = 6;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
      .withZone(ZoneId.systemDefault());
  private static final JsonFactory JSON = new JsonFactory();
  private volatile LogFormat format = LogFormat.TEXT;
  private volatile List<String> secrets = List.of();
  private volatile String replica;

  /** Text or JSON lines from now on. */
  public void setFormat(LogFormat format) {
    this.format = format;
  }

  /** The values masked in every line from now on (longest first, so that no part of a longer one survives). */
  public void setSecrets(List<String> values) {
    this.secrets = values.stream().filter(v -> v != null && v.length() >= MIN_SECRET).distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** The replica every line names from now on (JSON field {@code replica}, unless the line names one itself). */
  public void setReplica(String replica) {
    this.replica = replica;
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String message = mask(event.getFormattedMessage());
    String exception = event.getThrowableProxy() == null ? null
        : mask(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    String line = format == LogFormat.JSON ? json(event, message, exception) : text(event, message, exception);
    return line.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(ILoggingEvent event, String message, String exception) {
    String logger = event.getLoggerName();
    StringBuilder line = new StringBuilder(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ')
        .append(String.format("%-5s", event.getLevel())).append(" [").append(event.getThreadName()).append("] ")
        .append(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ").append(message)
        .append(System.lineSeparator());
    if (exception != null) {
      line.append(exception).append(System.lineSeparator());
    }
    return line.toString();
  }

  private String json(ILoggingEvent event, String message, String exception) {
    Map<String, String> fields = new TreeMap<>();
    if (replica != null) {
      fields.put("replica", replica);
    }
    fields.putAll(LogFields.of(event.getMessage(), event.getArgumentArray()));
    event.getMDCPropertyMap().forEach((key, value) -> fields.put(key, mask(value)));
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", message);
      for (Map.Entry<String, String> field : fields.entrySet()) {
        if (Stream.of("timestamp", "level", "logger", "thread", "message", "exception")
            .noneMatch(field.getKey()::equals)) {
          json.writeStringField(field.getKey(), field.getValue());
        }
      }
      if (exception != null) {
        json.writeStringField("exception", exception);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + System.lineSeparator();
  }

  private String mask(String text) {
    if (text == null) {
      return "";
    }
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    return masked;
  }
}
