package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.text.DisplayWidth;
import dev.pdm.cli.text.Style;
import dev.pdm.cli.text.TerminalSize;
import dev.pdm.cli.text.Times;
import dev.pdm.cli.text.WatchScreen;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What pdm watch shows of recorded event streams (a run whose staging migration failed, a run whose staging trigger
 * GitLab left in doubt), on and off a terminal.
 */
class WatchScreenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_ID = "1b3464d2-3f8c-4cd9-8e92-d04dca210467";
  private static final String IN_DOUBT_ID = "192b43f9-9bf0-4c6b-91c3-a4a39b3d9211";
  private static final Times TIMES = new Times(Clock.fixed(Instant.parse("2026-11-24T22:25:00Z"), ZoneOffset.UTC));

  @Test
  void offATerminalPrintsOnePlainLinePerChange() throws IOException {
    WatchScreen screen = new WatchScreen(RUN_ID, new Style(false), TIMES, 8);

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
  void showsTheLogTailAndTheCurrentMigrationFromJobLogNotes() {
    WatchScreen screen = new WatchScreen(RUN_ID, new Style(false), TIMES, 2);
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

  @Test
  void onATerminalTheFrameShowsTheRunAsItsEventsLeftIt() throws IOException {
    WatchScreen screen = new WatchScreen(RUN_ID, new Style(true), TIMES, 8);
    recorded().forEach(screen::onEvent);

    List<String> lines = screen.frame().fit(new TerminalSize(200, 50));

    assertThat(lines.get(0)).isEqualTo("\u001b[1mRun 1b3464d2-3f8c-4cd9-8e92-d04dca210467\u001b[0m: "
        + "\u001b[33mWAITING_FOR_DECISION\u001b[0m");
    assertThat(lines).anyMatch(line -> line.startsWith("  migrate-gstg  \u001b[31mFAILED\u001b[0m   2.2s      #1"))
        .anyMatch(line -> line.startsWith("  qa-gstg       PENDING"))
        .anyMatch(line -> line.startsWith("  migrate-gstg: \u001b[31mjob gstg-postdeploy-migrations"))
        .contains("current migration: -", "last migrated:     -")
        .anyMatch(line -> line.startsWith("last event:        22:24:24 TRIAGE_COMPLETED migrate-gstg: 20241106150244"));
  }

  @Test
  void currentMigrationNamesTheMigrationTheLogShowsRunningThenTheLastOneFinished() throws IOException {
    List<JsonNode> events = recorded();
    WatchScreen screen = new WatchScreen(RUN_ID, new Style(false), TIMES, 8);
    events.subList(0, 9).forEach(screen::onEvent);

    screen.onEvent(jobLog("main: == 20241105093011 AddIndexCiPipelinesOnAutoCanceledById: migrating =====",
        "main: -- add_index(:ci_pipelines, :auto_canceled_by_id)", "main:    -> 4.2417s",
        "main: == 20241105093011 AddIndexCiPipelinesOnAutoCanceledById: migrated (4.2481s) ====",
        "main: == 20241106150244 CreateCiJobTokenAuthorizationsArchive: migrating =====",
        "main: -- create_table(:ci_job_token_authorizations_archive)"));

    assertThat(screen.frame().fit(new TerminalSize(200, 50))).contains(
        "current migration: 20241106150244 CreateCiJobTokenAuthorizationsArchive (migrate-gstg)",
        "last migrated:     20241105093011 AddIndexCiPipelinesOnAutoCanceledById in 4.2481s (migrate-gstg)");

    events.subList(9, events.size()).forEach(screen::onEvent);

    assertThat(screen.frame().fit(new TerminalSize(200, 50))).as("the stage failed: nothing runs any more")
        .contains("current migration: -",
            "last migrated:     20241105093011 AddIndexCiPipelinesOnAutoCanceledById in 4.2481s (migrate-gstg)");
  }

  @Test
  void aMigrationThatStartsAndFinishesBetweenTwoReadsOfTheLogIsTheLastOneFinished() {
    WatchScreen screen = new WatchScreen(RUN_ID, new Style(false), TIMES, 8);

    screen.onEvent(jobLog("main: == 20241107101010 RemoveMergeRequestsMergeJidLegacy: migrating ====",
        "main: == 20241107101010 RemoveMergeRequestsMergeJidLegacy: migrated (0.0345s) ===="));

    assertThat(screen.frame().fit(new TerminalSize(200, 50))).contains("current migration: -",
        "last migrated:     20241107101010 RemoveMergeRequestsMergeJidLegacy in 0.0345s (migrate-gstg)");
  }

  @Test
  void onAClassicTerminalTheLogTailGivesWayAndNoLineIsWider() throws IOException {
    WatchScreen screen = new WatchScreen(RUN_ID, new Style(true), TIMES, 200);
    List<JsonNode> events = recorded();
    events.subList(0, 9).forEach(screen::onEvent);
    screen.onEvent(jobLog(IntStream.rangeClosed(1, 40).mapToObj(i -> "main: -- execute(\"UPDATE project_settings SET"
        + " legacy_open_source_license_available = false WHERE project_id = " + i + "\") -- line " + i)
        .toArray(String[]::new)));

    List<String> lines = screen.frame().fit(TerminalSize.CLASSIC);

    assertThat(lines).hasSize(24).allSatisfy(line -> assertThat(DisplayWidth.of(line)).isLessThanOrEqualTo(80));
    assertThat(lines.get(0)).contains("Run 1b3464d2-3f8c-4cd9-8e92-d04dca210467");
    assertThat(lines.get(lines.size() - 1)).as("the newest log line, cut")
        .startsWith("\u001b[2m  | main: -- execute(\"UPDATE project_settings SET legacy_open_source_license_av…");
    assertThat(lines.subList(8, 24)).as("the 16 newest log lines").allMatch(line -> line.contains("main: -- execute"));
    assertThat(lines.subList(0, 8)).noneMatch(line -> line.contains("main: -- execute"));
  }

  @Test
  void stoppingBeforeTheRunSettlesLeavesTheRunAsLastSeen() throws IOException {
    WatchScreen screen = new WatchScreen(RUN_ID, new Style(false), TIMES, 8);
    recorded().subList(0, 9).forEach(screen::onEvent);

    assertThat(screen.stopped()).startsWith("\nRun 1b3464d2-3f8c-4cd9-8e92-d04dca210467: running\n  STAGE ")
        .contains("  migrate-gstg  RUNNING")
        .endsWith("Stopped watching (the run is not affected). Follow it again: pdm watch"
            + " 1b3464d2-3f8c-4cd9-8e92-d04dca210467\n");
  }

  @Test
  void offATerminalATriggerInDoubtSaysWhereTheCreationWentAndThatAPersonDecides() throws IOException {
    WatchScreen screen = new WatchScreen(IN_DOUBT_ID, new Style(false), TIMES, 8);

    StringBuilder out = new StringBuilder();
    recorded("/recorded-trigger-in-doubt-events.json").forEach(event -> out.append(screen.onEvent(event)));

    assertThat(out.toString()).contains("""
        14:28:18 migrate-gstg TRIGGERING
        14:28:18 run RUNNING
        14:28:18 migrate-gstg pipeline creation sent to gitlab-com/gl-infra/deployer on master at 2026-11-30 14:49:54 \
        UTC; waiting for GitLab's answer
        """).contains("""
        14:28:23 migrate-gstg TRIGGER_UNCERTAIN
        14:28:23 migrate-gstg needs a person: pdm cannot tell whether GitLab created the pipeline (pipeline creation 1 \
        was sent to gitlab-com/gl-infra/deployer on master at 2026-11-30T14:49:54.468Z and got no usable answer; no \
        pipeline carrying PDM_TRIGGER=192b43f9-9bf0-4c6b-91c3-a4a39b3d9211/migrate-gstg/1 appeared in 303 s)
        14:28:23 run WAITING_FOR_DECISION
        """);
    assertThat(screen.status()).contains("WAITING_FOR_DECISION");
  }

  @Test
  void onATerminalATriggerInDoubtShowsThePersonsChoicesUnderTheStages() throws IOException {
    WatchScreen screen = new WatchScreen(IN_DOUBT_ID, new Style(false), TIMES, 8);
    recorded("/recorded-trigger-in-doubt-events.json").forEach(screen::onEvent);

    List<String> lines = screen.frame().fit(new TerminalSize(200, 50));

    assertThat(lines).anyMatch(line -> line.startsWith("  migrate-gstg  TRIGGER_UNCERTAIN"))
        .anyMatch(line -> line.startsWith("  migrate-gstg: needs a person: pdm cannot tell whether GitLab created the"
            + " pipeline (pipeline creation 1 was sent to gitlab-com/gl-infra/deployer"))
        .contains("  migrate-gstg: look in GitLab for a pipeline of gitlab-com/gl-infra/deployer carrying PDM_TRIGGER="
            + IN_DOUBT_ID + "/migrate-gstg/1, then choose:",
            "    pdm adopt " + IN_DOUBT_ID + " --stage migrate-gstg --pipeline N --reason TEXT  (you found it)",
            "    pdm trigger-again " + IN_DOUBT_ID + " --stage migrate-gstg --reason TEXT       (GitLab has none)",
            "    pdm abandon " + IN_DOUBT_ID + " --stage migrate-gstg --reason TEXT             (give the stage up: the"
                + " run ends failed)");
  }

  private static JsonNode jobLog(String... lines) {
    ObjectNode note = JSON.createObjectNode().put("type", "event").put("event", "JobLog")
        .put("at", "2026-11-24T22:24:23Z");
    ObjectNode payload = note.putObject("payload").put("stage_id", "migrate-gstg").put("job_id", 8260000002L);
    ArrayNode array = payload.putArray("lines");
    List.of(lines).forEach(array::add);
    return note;
  }

  /** The recorded API events as the live WebSocket sends them. */
  private static List<JsonNode> recorded() throws IOException {
    return recorded("/recorded-failed-run-events.json");
  }

  private static List<JsonNode> recorded(String resource) throws IOException {
    try (InputStream in = WatchScreenTest.class.getResourceAsStream(resource)) {
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
