package dev.pdm.server.api;

import dev.pdm.server.store.MigrationDurations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/migration-durations[?version=V][&environment=E][&limit=N]}: each migration's durations on staging
 * and production, as their jobs' logs printed them, newest first, with the latest of each per migration.
 */
public final class DurationsApi {
  private static final Pattern VERSION = Pattern.compile("\\d{14}");
  private final MigrationDurations durations;

  public DurationsApi(MigrationDurations durations) {
    this.durations = durations;
  }

  public void mount(Router router) {
    router.get("/api/v1/migration-durations").handler(this::history);
  }

  private void history(RoutingContext ctx) {
    Optional<String> version = Optional.ofNullable(ctx.request().getParam("version")).filter(v -> !v.isBlank());
    Optional<String> environment = Optional.ofNullable(ctx.request().getParam("environment")).filter(e -> !e.isBlank());
    List<String> problems = new ArrayList<>();
    version.filter(v -> !VERSION.matcher(v).matches())
        .ifPresent(v -> problems.add("version: expected a 14-digit migration version such as 20241108120000 (got " + v + ")"));
    int limit = RunsApi.intParam(ctx, "limit", 100, 1, 1000, problems);
    if (!problems.isEmpty()) {
      ApiReplies.invalid(ctx, problems);
      return;
    }
    durations.history(version, environment, limit).onSuccess(list -> {
      JsonArray entries = new JsonArray();
      Map<String, JsonObject> byVersion = new LinkedHashMap<>();
      for (MigrationDurations.Measured m : list) {
        entries.add(m.toJson());
        JsonObject summary = byVersion.computeIfAbsent(m.version(), v -> new JsonObject().put("version", v)
            .put("class_name", m.className()));
        String key = m.tier() + "_seconds";
        if (!summary.containsKey(key)) {
          summary.put(key, m.seconds());
        }
      }
      ApiReplies.json(ctx, 200, new JsonObject().put("migrations", new JsonArray(new ArrayList<>(byVersion.values())))
          .put("durations", entries));
    }).onFailure(err -> ApiReplies.failed(ctx, err));
  }
}
