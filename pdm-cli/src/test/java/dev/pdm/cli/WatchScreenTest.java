package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.text.Style;
import dev.pdm.cli.text.Times;
import dev.pdm.cli.text.WatchScreen;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch renderer on a recorded event stream (a run whose staging migration failed), on and off a terminal. */
class WatchScreenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Times TIMES = new Times(Clock.fixed(Instant.parse("2026-11-24T22:25:00Z"), ZoneOffset.UTC));

  @Test
  void offATerminalPrintsOnePlainLinePerChange() throws IOException {
    WatchScreen screen = new WatchScreen(new Style(false), TIMES, false, 8);

    StringBuilder out = new StringBuilder();
    recorded().forEach(event -> out.append(screen.onEvent(event)));

    assertThat(out.toString()).isEqualTo("""
        22:24:22 migrate-gstg CHECKING
        22:24:22 qa-gstg PENDING
        22:24:22 migrate-gprd PENDING
        22:24:22 run CHECKING
        22:24:22 » RUN_STARTED
        22:24:22 migrate-gstg TRIGGERING
        22:24:22 run RUNNING
        22:24:22 migrate-gstg RUNNING
        22:24:22 » STAGE_STARTED migrate-gstg: attempt 1
        22:24:24 migrate-gstg FAILED after 2.2s
        22:24:24 run WAITING_FOR_DECISION
        22:24:24 » STAGE_FAILED migrate-gstg: MIGRATION_JOB_FAILED; job gstg-postdeploy-migrations (8260000002) failed  http://127.0.0.1:42509/gitlab-com/gl-infra/deployer/-/jobs/8260000002
        22:24:24 » TRIAGE_COMPLETED migrate-gstg: 20241106150244 CreateCiJobTokenAuthorizationsArchive: PG::DuplicateTable: ERROR:  relation "ci_job_token_authorizations_archive" already exists  http://127.0.0.1:42509/gitlab-com/gl-infra/production/-/issues/incident/3
        """);
    assertThat(screen.status()).contains("WAITING_FOR_DECISION");
    assertThat(screen.triageSettled()).isTrue();
  }

  @Test
  void onATerminalRedrawsOneScreenInPlace() throws IOException {
    WatchScreen screen = new WatchScreen(new Style(true), TIMES, true, 8);
    List<String> frames = new ArrayList<>();

    recorded().forEach(event -> frames.add(screen.onEvent(event)));

    assertThat(frames.get(0)).doesNotContain("\u001b[J").startsWith("\u001b[1mRun 1b3464d2");
    String last = frames.get(frames.size() - 1);
    int linesOfPreviousFrame = (int) frames.get(frames.size() - 2).replaceAll("^\u001b\\[\\d+F\u001b\\[J", "")
        .chars().filter(c -> c == '\n').count();
    assertThat(last).startsWith("\u001b[" + linesOfPreviousFrame + "F\u001b[J")
        .contains("migrate-gstg  \u001b[31mFAILED\u001b[0m   2.2s")
        .contains("qa-gstg       PENDING")
        .contains("last: 22:24:24 TRIAGE_COMPLETED migrate-gstg: 20241106150244");
  }

  @Test
  void showsTheLogTailAndTheCurrentMigrationFromJobLogNotes() {
    WatchScreen screen = new WatchScreen(new Style(false), TIMES, false, 2);
    ObjectNode note = JSON.createObjectNode().put("event", "JobLog").put("at", "2026-11-24T22:24:23Z");
    note.putObject("payload").put("stage_id", "migrate-gstg").putArray("lines").add("== 20241106150244"
        + " CreateCiJobTokenAuthorizationsArchive: migrating ====").add("-- create_table(:archive)");
    note.with("payload").putObject("current_migration").put("version", "20241106150244")
        .put("class_name", "CreateCiJobTokenAuthorizationsArchive");

    String printed = screen.onEvent(note);

    assertThat(printed).isEqualTo("""
          | == 20241106150244 CreateCiJobTokenAuthorizationsArchive: migrating ====
          | -- create_table(:archive)
        22:24:23 migrating 20241106150244 CreateCiJobTokenAuthorizationsArchive
        """);
    assertThat(screen.onEvent(note)).doesNotContain("migrating 2024");
  }

  /** The recorded API events as the live WebSocket sends them. */
  private static List<JsonNode> recorded() throws IOException {
    try (InputStream in = WatchScreenTest.class.getResourceAsStream("/recorded-failed-run-events.json")) {
      JsonNode answer = JSON.readTree(in);
      List<JsonNode> messages = new ArrayList<>();
      answer.get("events").forEach(event -> messages.add(JSON.createObjectNode().put("type", "event")
          .put("run_id", answer.get("run_id").asText()).put("seq", event.get("seq").asLong())
          .put("event", event.get("type").asText()).put("at", event.get("at").asText())
          .set("payload", event.get("payload"))));
      return messages;
    }
  }
}
