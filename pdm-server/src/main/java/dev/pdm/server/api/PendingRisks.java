package dev.pdm.server.api;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.PendingMigration;
import dev.pdm.core.pending.PendingReport;
import dev.pdm.core.risk.MigrationRisk;
import dev.pdm.core.risk.MigrationRiskClassifier;
import dev.pdm.core.risk.RiskEvidence;
import dev.pdm.server.orchestrator.RunJson;
import dev.pdm.server.store.MigrationDurations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds to each pending migration what a release manager weighs before running it: its risk (kind, evidence lines,
 * what the runbook flags), read from its file at the package's SHA and classified on a worker thread, and what it took
 * on staging with its duration budget. A file's classification is kept: a file at a SHA never changes.
 */
public final class PendingRisks {
  private static final int KEPT = 1_000;
  private final Vertx vertx;
  private final GitLabClient gitLab;
  private final PdmConfig config;
  private final MigrationDurations durations;
  private final MigrationRiskClassifier classifier;
  private final Map<String, JsonObject> classified = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
      return size() > KEPT;
    }
  };

  public PendingRisks(Vertx vertx, GitLabClient gitLab, PdmConfig config, MigrationDurations durations) {
    this.vertx = vertx;
    this.gitLab = gitLab;
    this.config = config;
    this.durations = durations;
    this.classifier = new MigrationRiskClassifier(config.risk().largeTables());
  }

  /** The report as JSON, each migration with {@code risk} and, once known, {@code staging_seconds} and {@code budget_seconds}. */
  public Future<JsonObject> describe(PendingReport report) {
    JsonObject json = RunJson.toJson(report);
    List<PendingMigration> migrations = report.migrations();
    List<Future<JsonObject>> risks = new ArrayList<>();
    for (PendingMigration m : migrations) {
      risks.add(risk(report.project(), m.file().path(), report.toSha()));
    }
    Future<Map<String, Double>> staging = durations.latestStaging(migrations.stream().map(m -> m.file().version()).toList())
        .otherwise(Map.of());
    return Future.join(new ArrayList<>(risks)).transform(done -> staging).map(onStaging -> {
      JsonArray list = json.getJsonArray("migrations", new JsonArray());
      for (int i = 0; i < list.size() && i < migrations.size(); i++) {
        JsonObject entry = list.getJsonObject(i);
        Future<JsonObject> risk = risks.get(i);
        entry.put("risk", risk.succeeded() ? risk.result()
            : new JsonObject().put("kind", "UNREAD").put("error", String.valueOf(risk.cause().getMessage())));
        Optional<Double> seconds = Optional.ofNullable(onStaging.get(migrations.get(i).file().version()));
        seconds.ifPresent(s -> entry.put("staging_seconds", s));
        entry.put("budget_seconds", config.budgets().budgetSeconds(seconds));
      }
      return json;
    });
  }

  private Future<JsonObject> risk(String project, String path, String sha) {
    String key = path + "@" + sha;
    JsonObject known = classified.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return gitLab.rawFile(project, path, sha)
        .compose(source -> vertx.executeBlocking(() -> classifier.classify(source), false))
        .map(risk -> {
          JsonObject json = toJson(risk);
          classified.put(key, json);
          return json;
        });
  }

  static JsonObject toJson(MigrationRisk risk) {
    JsonArray evidence = new JsonArray();
    for (RiskEvidence e : risk.evidence()) {
      evidence.add(new JsonObject().put("kind", e.kind().name()).put("call", e.call()).put("line", e.line())
          .put("text", e.text()).put("table", e.table().orElse(null)).put("flag", e.flag().orElse(null)));
    }
    return new JsonObject().put("kind", risk.kind().name()).put("risky", risk.risky())
        .put("flags", new JsonArray(new ArrayList<>(risk.flags()))).put("evidence", evidence);
  }
}
