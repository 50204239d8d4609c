package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code pdm watch} shows of a run's live events: off a terminal, one plain line per change ({@link #onEvent});
 * on a terminal, one screen redrawn in place ({@link #frame}): the stages with status and duration, where a pipeline's
 * creation stands, the migration running and the last one finished, the latest announcement and the job log tail.
 * The run comes whole in each event's {@code payload.run}, so nothing is inferred here.
 */
public final class WatchScreen {
  /** How long the parts of {@link #frame} stay when the terminal is short: the log tail gives way first. */
  private static final int TAIL = 0;
  private static final int LAST_EVENT = 1;
  private static final int NOTES = 2;
  private static final int FINISHED = 3;
  private static final int RUNNING = 4;
  private static final int STAGES = 5;
  private static final int HEADER = 6;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private final String runId;
  private final RunText runs;
  private final Style style;
  private final int tailLength;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Map<String, String> stageStatuses = new HashMap<>();
  private final Map<String, String> triggers = new HashMap<>();
  private final MigrationProgress migrations = new MigrationProgress();
  private JsonNode run = MissingNode.getInstance();
  private String currentMigration = "";
  private String announcement = "";
  private String runStatus = "";

  /** The screen of run {@code runId}; {@code tailLength}: how many log lines it keeps for the frame. */
  public WatchScreen(String runId, Style style, Times times, int tailLength) {
    this.runId = runId;
    this.style = style;
    this.runs = new RunText(style, times);
    this.tailLength = tailLength;
  }

  /** The run's status after the events so far (state machine spelling, e.g. {@code RUNNING}), if one carried it. */
  public Optional<String> status() {
    return runStatus.isEmpty() ? Optional.empty() : Optional.of(runStatus);
  }

  /** Whether every failed stage's triage is done (or was never started), so the report can be fetched. */
  public boolean triageSettled() {
    for (JsonNode stage : run.path("stages")) {
      JsonNode attempts = stage.path("attempts");
      JsonNode triage = attempts.isEmpty() ? MissingNode.getInstance() : attempts.get(attempts.size() - 1)
          .path("triage");
      if ("FAILED".equals(stage.path("status").asText()) && triage.isObject()
          && !triage.path("completed").asBoolean()) {
        return false;
      }
    }
    return true;
  }

  /** Takes one live {@code event} message and returns the plain lines it means (possibly none). */
  public String onEvent(JsonNode message) {
    String at = Times.instant(message.path("at").asText()).map(CLOCK::format).orElse("--:--:--");
    JsonNode payload = message.path("payload");
    StringBuilder lines = new StringBuilder();
    switch (message.path("event").asText()) {
      case "JobLog" -> {
        migrations.onJobLog(payload);
        payload.path("lines").forEach(line -> {
          remember(line.asText());
          lines.append("  | ").append(line.asText()).append('\n');
        });
        String migration = payload.path("current_migration").isObject() ? payload.path("current_migration")
            .path("version").asText() + " " + payload.path("current_migration").path("class_name").asText() : "";
        if (!migration.isEmpty() && !migration.equals(currentMigration)) {
          lines.append(at).append(" migrating ").append(migration).append('\n');
        }
        currentMigration = migration;
      }
      case "Notification" -> {
        announcement = at + " " + EventSummary.of("Notification", payload);
        lines.append(at).append(" » ").append(EventSummary.of("Notification", payload)).append('\n');
      }
      default -> {
        if (payload.path("run").isObject()) {
          lines.append(changes(at, payload.path("run")));
        }
      }
    }
    return lines.toString();
  }

  /**
   * The screen of the run so far, most important first: the header, the stage table, the notes of failing checks and
   * failures, the migration running and the last one finished, the latest announcement, then the log tail.
   */
  public ScreenFrame frame() {
    ScreenFrame frame = new ScreenFrame()
        .lines(HEADER, List.of(header(runStatus.isEmpty() ? "…" : style.status(runStatus))))
        .lines(STAGES, runs.stageTable(run).lines().toList())
        .lines(NOTES, runs.stageNotes(run))
        .lines(RUNNING, List.of("current migration: " + migrations.running()
            .filter(running -> "RUNNING".equals(stageStatuses.getOrDefault(running.stageId(), "RUNNING")))
            .map(MigrationProgress.Running::text).orElse("-")))
        .lines(FINISHED, List.of("last migrated:     " + migrations.finished().map(MigrationProgress.Finished::text)
            .orElse("-")))
        .lines(LAST_EVENT, List.of("last event:        " + (announcement.isEmpty() ? "-" : announcement)));
    List<String> log = new ArrayList<>();
    tail.forEach(line -> log.add(style.dim("  | " + line)));
    return frame.tail(TAIL, log);
  }

  /**
   * What stays on the terminal when watching stops before the run settles (Ctrl-C, a lost server): the run as the
   * events last showed it, and that it goes on without the watcher.
   */
  public String stopped() {
    return "\n" + header(style.status(runStatus.isEmpty() ? "unknown" : runStatus.toLowerCase(Locale.ROOT))) + "\n"
        + runs.stages(run) + "Stopped watching (the run is not affected). Follow it again: pdm watch " + runId + "\n";
  }

  private String header(String status) {
    return style.bold("Run " + runId) + ": " + status;
  }

  private String changes(String at, JsonNode newRun) {
    run = newRun;
    StringBuilder lines = new StringBuilder();
    newRun.path("stages").forEach(stage -> {
      String id = stage.path("spec").path("id").asText();
      String status = stage.path("status").asText();
      if (!status.equals(stageStatuses.put(id, status))) {
        String duration = stage.path("finished_at").isTextual() ? " after " + runs.times().duration(
            stage.path("started_at").asText(), stage.path("finished_at").asText()) : "";
        lines.append(at).append(' ').append(id).append(' ').append(style.status(status)).append(duration)
            .append('\n');
      }
      String trigger = runs.trigger(stage).orElse("");
      if (!trigger.equals(triggers.put(id, trigger)) && !trigger.isEmpty()) {
        lines.append(at).append(' ').append(id).append(' ').append(trigger).append('\n');
      }
    });
    String status = newRun.path("status").asText();
    if (!status.equals(runStatus)) {
      lines.append(at).append(" run ").append(style.status(status)).append('\n');
    }
    runStatus = status;
    return lines.toString();
  }

  private void remember(String line) {
    tail.addLast(line);
    while (tail.size() > tailLength) {
      tail.removeFirst();
    }
  }
}
