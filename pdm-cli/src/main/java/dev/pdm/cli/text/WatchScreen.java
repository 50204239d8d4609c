package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code pdm watch} prints for each live event of a run. On a terminal it redraws one screen in place (stages with
 * status and duration, the current migration, the latest announcement, the log tail); otherwise it prints one plain
 * line per change. The run comes whole in each event's {@code payload.run}, so nothing is inferred here.
 */
public final class WatchScreen {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private final RunText runs;
  private final Style style;
  private final boolean redraw;
  private final int tailLength;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Map<String, String> stageStatuses = new HashMap<>();
  private JsonNode run = MissingNode.getInstance();
  private String currentMigration = "";
  private String announcement = "";
  private String runStatus = "";
  private int drawnLines;

  /** {@code redraw}: on a terminal; {@code tailLength}: how many log lines the screen keeps. */
  public WatchScreen(Style style, Times times, boolean redraw, int tailLength) {
    this.style = style;
    this.runs = new RunText(style, times);
    this.redraw = redraw;
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

  /** Takes one live {@code event} message and returns what to print for it (possibly nothing). */
  public String onEvent(JsonNode message) {
    String at = Times.instant(message.path("at").asText()).map(CLOCK::format).orElse("--:--:--");
    JsonNode payload = message.path("payload");
    StringBuilder lines = new StringBuilder();
    switch (message.path("event").asText()) {
      case "JobLog" -> {
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
    return redraw ? screen() : lines.toString();
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

  private String screen() {
    StringBuilder frame = new StringBuilder();
    frame.append(style.bold("Run " + run.path("id").asText())).append(": ").append(style.status(
        runStatus.isEmpty() ? "…" : runStatus)).append('\n');
    frame.append(runs.stages(run));
    frame.append("current migration: ").append(currentMigration.isEmpty() ? "-" : currentMigration).append('\n');
    frame.append("last: ").append(announcement.isEmpty() ? "-" : announcement).append('\n');
    tail.forEach(line -> frame.append(style.dim("  | " + line)).append('\n'));
    String text = frame.toString();
    String erase = drawnLines == 0 ? "" : "\u001b[" + drawnLines + "F\u001b[J";
    drawnLines = (int) text.chars().filter(c -> c == '\n').count();
    return erase + text;
  }
}
