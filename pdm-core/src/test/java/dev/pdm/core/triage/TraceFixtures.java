package dev.pdm.core.triage;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real job-log fixtures in {@code pdm-sandbox/src/test/resources/gitlab-fixtures/traces}, and the ways real logs dress them up. */
final class TraceFixtures {
  static final String FAILURE = "migrate-failure-duplicate-table.log";
  static final String SUCCESS = "migrate-success.log";

  private TraceFixtures() {
  }

  static String read(String name) {
    Path path = Path.of(System.getProperty("pdm.fixtures"), "traces", name);
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MigrationLog parse(String log) {
    try {
      return JobLogParser.parse(new StringReader(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code log} as a GitLab Runner 17 with {@code FF_TIMESTAMPS} would store it: timestamp prefixes, CRLF line ends,
   * the script wrapped in a collapsible section, and colours in the middle of lines.
   */
  static String asRunner17Would(String log) {
    StringBuilder out = new StringBuilder();
    String prefix = "2024-01-01T00:00:00.123456Z 01O ";
    out.append(prefix).append("\u001b[0Ksection_start:1704067200:step_script[collapsed=false]\r\u001b[0K")
        .append("\u001b[0K\u001b[36;1mExecuting \"step_script\" stage of the job script\u001b[0;m\r\n");
    for (String line : log.split("\n")) {
      String coloured = line.replace("migrating", "\u001b[32mmigrating\u001b[0m")
          .replace("migrated", "\u001b[1;32mmigrated\u001b[0;m");
      out.append(prefix).append(coloured).append("\r\n");
    }
    out.append(prefix).append("\u001b[0Ksection_end:1704067260:step_script\r\u001b[0K\r\n");
    return out.toString();
  }
}
