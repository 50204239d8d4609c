package dev.pdm.server.api;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.schedule.DenyWindows;
import dev.pdm.server.orchestrator.ScheduledRuns;
import dev.pdm.server.store.ScheduleFirings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /api/v1/schedule}: the deny windows (whether one is in force, when migrating is allowed again, the next
 * one), the automatic runs (on or off, the next firing) and the latest firings with what each decided and why.
 */
public final class ScheduleApi {
  private final PdmConfig config;
  private final Optional<ScheduledRuns> scheduled;
  private final ScheduleFirings firings;
  private final Clock clock;

  public ScheduleApi(PdmConfig config, Optional<ScheduledRuns> scheduled, ScheduleFirings firings, Clock clock) {
    this.config = config;
    this.scheduled = scheduled;
    this.firings = firings;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/api/v1/schedule").handler(this::schedule);
  }

  private void schedule(RoutingContext ctx) {
    Instant now = clock.instant();
    JsonArray environments = new JsonArray();
    for (PdmConfig.Environment env : config.environments()) {
      DenyWindows windows = config.schedule().windowsFor(env.name());
      JsonObject entry = new JsonObject().put("name", env.name()).put("next_allowed_at", windows.nextAllowed(now).toString());
      windows.inside(now).ifPresent(in -> entry.put("inside", new JsonObject().put("window", in.window().name())
          .put("until", in.until().toString())));
      windows.next(now).ifPresent(next -> entry.put("next_window", new JsonObject().put("window", next.window().name())
          .put("starts_at", next.startsAt().toString())));
      environments.add(entry);
    }
    JsonArray windows = new JsonArray();
    config.schedule().denyWindows().forEach(w -> windows.add(new JsonObject().put("name", w.window().name())
        .put("rule", w.window().describe()).put("environments", new JsonArray(w.environments().stream().map(e -> (Object) e).toList()))));
    JsonObject auto = new JsonObject().put("enabled", scheduled.isPresent());
    config.schedule().autoExecute().ifPresent(a -> auto.put("cron", a.cron().toString()).put("time_zone", a.timeZone().getId()));
    scheduled.flatMap(ScheduledRuns::nextFiring).ifPresent(next -> auto.put("next_firing_at", next.toString()));
    firings.recent(20).onSuccess(recent -> ApiReplies.json(ctx, 200, new JsonObject().put("now", now.toString())
            .put("deny_windows", windows).put("environments", environments).put("auto_execute", auto)
            .put("firings", new JsonArray(recent.stream().map(f -> (Object) f).toList()))))
        .onFailure(err -> ApiReplies.failed(ctx, err));
  }
}
