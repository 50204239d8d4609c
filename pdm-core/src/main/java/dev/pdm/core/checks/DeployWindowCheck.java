package dev.pdm.core.checks;

import dev.pdm.core.schedule.DenyWindows;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fails inside a deny window (e.g. a weekend freeze) of the environment, naming the window and when migrating is
 * allowed again; passes outside, naming the next window. An operator may override it with a reason like any check.
 */
public final class DeployWindowCheck implements ProductionCheck {

  private final DenyWindows windows;
  private final String environment;
  private final Clock clock;

  /** Checks {@code environment} against its {@code windows} at the moment {@code clock} tells. */
  public DeployWindowCheck(DenyWindows windows, String environment, Clock clock) {
    this.windows = windows;
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "deploy-window";
  }

  @Override
  public Future<CheckResult> run() {
    Instant now = clock.instant();
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    inputs.put("checked_at", List.of(now.toString()));
    if (windows.windows().isEmpty()) {
      return Future.succeededFuture(CheckResult.pass(name(), "No deny window is configured for " + environment + ".")
          .withInputs(inputs));
    }
    return Future.succeededFuture(windows.inside(now).map(inside -> {
      Instant allowed = windows.nextAllowed(now);
      inputs.put("window", List.of(inside.window().name()));
      inputs.put("window_rule", List.of(inside.window().describe()));
      inputs.put("window_ends_at", List.of(inside.until().toString()));
      inputs.put("next_allowed_at", List.of(allowed.toString()));
      return new CheckResult(name(), Verdict.FAIL, List.of("Inside deny window '" + inside.window().name() + "' ("
          + inside.window().describe() + ") until " + inside.until() + "; migrating " + environment + " is allowed again at "
          + allowed + "."), List.of(), inputs);
    }).orElseGet(() -> {
      inputs.put("next_allowed_at", List.of(now.toString()));
      windows.next(now).ifPresent(next -> {
        inputs.put("next_window", List.of(next.window().name()));
        inputs.put("next_window_starts_at", List.of(next.startsAt().toString()));
      });
      return CheckResult.pass(name(), "Outside every deny window of " + environment
          + windows.next(now).map(next -> "; the next, '" + next.window().name() + "', begins at " + next.startsAt())
              .orElse("") + ".").withInputs(inputs);
    }));
  }
}
