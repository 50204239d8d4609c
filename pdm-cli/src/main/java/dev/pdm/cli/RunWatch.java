package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.cli.api.LiveRunEvents;
import dev.pdm.cli.api.PdmApi;
import dev.pdm.cli.text.RunText;
import dev.pdm.cli.text.WatchScreen;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows a run live until it settles, printing the {@link WatchScreen} (or, with --json, each event as one JSON line),
 * then the triage of a failure; its result is the exit status: 0 succeeded, 1 failed, 3 blocked or canceled.
 */
final class RunWatch {
  /** How long a settled failure waits for its triage to complete before reporting what there is. */
  private static final Duration TRIAGE_WAIT = Duration.ofSeconds(30);
  private static final Duration RECONNECT_FOR = Duration.ofSeconds(60);
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
    WatchScreen screen = new WatchScreen(pdm.style(), pdm.times(), pdm.surroundings().terminalOutput(), 8);
    LiveRunEvents events = new LiveRunEvents(api, runId, 0, RECONNECT_FOR);
    // a replayed history may pass through settled states (a failure before a retry): only the present counts
    long present = api.get("/api/v1/runs/" + PdmApi.segment(runId)).path("last_seq").asLong();
    long[] settledAt = {0};
    events.follow(event -> {
      String printed = screen.onEvent(event);
      out.print(pdm.json() ? event + "\n" : printed);
      out.flush();
    }, () -> {
      boolean settled = events.lastSeq() >= present && screen.status().filter(RunText::settled).isPresent();
      if (settled && settledAt[0] == 0) {
        settledAt[0] = System.nanoTime();
      }
      return settled && (screen.triageSettled() || System.nanoTime() - settledAt[0] > TRIAGE_WAIT.toNanos());
    });
    return report(runId);
  }

  /** Prints how the run ended (text only) and the exit status it means. */
  private int report(String runId) {
    JsonNode run = api.get("/api/v1/runs/" + PdmApi.segment(runId));
    String status = run.path("status").asText().toUpperCase(Locale.ROOT);
    if (!pdm.json()) {
      RunText text = new RunText(pdm.style(), pdm.times());
      out.print("\n" + text.header(run) + text.stages(run.path("state").path("run"))
          + text.triage(run.path("state").path("triage")));
      out.flush();
    }
    return switch (status) {
      case "SUCCEEDED" -> 0;
      case "BLOCKED", "CANCELED" -> 3;
      default -> 1;
    };
  }
}
