package dev.pdm.sandbox.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** GitLab's timestamp formats: REST {@code 2016-08-11T11:28:34.085Z}. */
public final class GitLabTime {
  private static final DateTimeFormatter REST =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private GitLabTime() {
  }

  /** REST API format. */
  public static String rest(Instant instant) {
    return REST.format(instant);
  }

  /** REST API format, or null (JSON null) when absent. */
  public static String rest(Optional<Instant> instant) {
    return instant.map(GitLabTime::rest).orElse(null);
  }
}
