package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.cli.api.LiveRunEvents;
import dev.pdm.cli.api.PdmApi;
import dev.pdm.cli.text.RunText;
import dev.pdm.cli.text.WatchScreen;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Follows a run live until it settles, then prints how it ended (with the triage of a failure); its result is the exit
 * status: 0 succeeded, 1 failed, 3 blocked or canceled. On a terminal it shows the {@link WatchScreen}'s frame in a
 * {@link LiveTerminal}; otherwise one plain line per change, or with --json each event as one JSON line.
 */
final class RunWatch {
  /** How long a settled failure waits for its triage to complete before reporting what there is. */
  private static final Duration TRIAGE_WAIT = Duration.ofSeconds(30);
  private static final Duration RECONNECT_FOR = Duration.ofSeconds(60);
  /** Log lines kept for the live view; as many as fit show. */
  private static final int TAIL_LINES = 200;
  private final PdmCli pdm;
  private final PdmApi api;
  private final PrintWriter out;

  RunWatch(PdmCli pdm, PdmApi api, PrintWriter out) {
    this.pdm = pdm;
    this.api = api;
    this.out = out;
  }

  /** Watches {@code runId} from its first event to its settling; returns the exit status. */
  int watch(String runId) {
    WatchScreen screen = new WatchScreen(runId, pdm.style(), pdm.times(), TAIL_LINES);
    LiveRunEvents events = new LiveRunEvents(api, runId, 0, RECONNECT_FOR);
    BooleanSupplier settled = settled(runId, screen, events);
    if (pdm.json() || !pdm.surroundings().redrawable()) {
      events.follow(event -> {
        String printed = screen.onEvent(event);
        out.print(pdm.json() ? event + "\n" : printed);
        out.flush();
      }, settled);
      JsonNode run = run(runId);
      if (!pdm.json()) {
        out.print(summary(run));
        out.flush();
      }
      return exitStatus(run);
    }
    try (LiveTerminal terminal = LiveTerminal.open(out, pdm.surroundings().window(), screen::frame,
        screen::stopped)) {
      events.follow(event -> terminal.update(() -> screen.onEvent(event)), settled);
      JsonNode run = run(runId);
      terminal.finish(summary(run));
      return exitStatus(run);
    }
  }

  /** Whether the run has settled now, and its triage too (or it waited long enough for it). */
  private BooleanSupplier settled(String runId, WatchScreen screen, LiveRunEvents events) {
    // a replayed history may pass through settled states (a failure before a retry): only the present counts
    long present = run(runId).path("last_seq").asLong();
    long[] settledAt = {0};
    return () -> {
      boolean settled = events.lastSeq() >= present && screen.status().filter(RunText::settled).isPresent();
      if (settled && settledAt[0] == 0) {
        settledAt[0] = System.nanoTime();
      }
      return settled && (screen.triageSettled() || System.nanoTime() - settledAt[0] > TRIAGE_WAIT.toNanos());
    };
  }

  private JsonNode run(String runId) {
    return api.get("/api/v1/runs/" + PdmApi.segment(runId));
  }

  /** How the run ended: its header, stages and the triage of failed stages. */
  private String summary(JsonNode run) {
    RunText text = new RunText(pdm.style(), pdm.times());
    return "\n" + text.header(run) + text.stages(run.path("state").path("run")) + text.triage(run.path("state")
        .path("triage"));
  }

  private static int exitStatus(JsonNode run) {
    return switch (run.path("status").asText().toUpperCase(Locale.ROOT)) {
      case "SUCCEEDED" -> 0;
      case "BLOCKED", "CANCELED" -> 3;
      default -> 1;
    };
  }
}
