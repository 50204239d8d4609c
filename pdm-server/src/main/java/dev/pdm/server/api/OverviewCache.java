package dev.pdm.server.api;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.PackageTracker;
import dev.pdm.core.pending.PendingMigrations;
import dev.pdm.server.metrics.PdmMetrics;
import dev.pdm.server.orchestrator.ChecksExecutor;
import dev.pdm.server.orchestrator.PlanLayout;
import dev.pdm.server.orchestrator.RunJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What GitLab says about each environment (packages, pending migrations, production checks), read on this replica's
 * own schedule and shared by every viewer: a hundred open browsers cost GitLab no more calls than one.
 */
public final class OverviewCache {
  /** An overview read this recently is what {@code fresh=true} gets. */
  public static final Duration FRESH_ENOUGH = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(OverviewCache.class);
  private final Vertx vertx;
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final ChecksExecutor checks;
  private final Clock clock;
  private final Duration maxAge;
  private Optional<JsonObject> latest = Optional.empty();
  private Optional<Future<JsonObject>> refreshing = Optional.empty();
  private Instant refreshedAt = Instant.EPOCH;
  private long timer = -1;
  private final List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
  private final PdmMetrics metrics;

  public OverviewCache(Vertx vertx, GitLabClient gitLab, PlanLayout plan, ChecksExecutor checks, Clock clock,
      Duration maxAge, PdmMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.gitLab = gitLab;
    this.plan = plan;
    this.checks = checks;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** Refreshes every {@code maxAge} in the background. */
  public void start() {
    timer = vertx.setPeriodic(0, maxAge.toMillis(), id -> refresh());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** How old a shared overview may get before it is read again. */
  public Duration maxAge() {
    return maxAge;
  }

  /** The newest overview read, if any, without asking GitLab. */
  public Optional<JsonObject> latest() {
    return latest;
  }

  /** Called with each overview that differs from the one before (ignoring when it was read). */
  public void onChange(Consumer<JsonObject> listener) {
    listeners.add(listener);
  }

  /**
   * The newest overview; one not older than {@code maxAge}, or, when {@code fresh}, one not older than
   * {@link #FRESH_ENOUGH}: however many ask for a fresh one, GitLab is read at most once in that time.
   */
  public Future<JsonObject> get(boolean fresh) {
    Duration age = Duration.between(refreshedAt, clock.instant());
    if (latest.isPresent() && age.compareTo(fresh ? FRESH_ENOUGH : maxAge) <= 0) {
      return Future.succeededFuture(latest.get());
    }
    return refresh();
  }

  /** One refresh at a time: callers arriving during one share it. */
  private Future<JsonObject> refresh() {
    if (refreshing.isPresent()) {
      return refreshing.get();
    }
    Future<JsonObject> next = read().onComplete(done -> {
      refreshing = Optional.empty();
      if (done.succeeded()) {
        boolean changed = latest.map(previous -> !withoutTime(previous).equals(withoutTime(done.result())))
            .orElse(true);
        latest = Optional.of(done.result());
        refreshedAt = clock.instant();
        if (changed) {
          listeners.forEach(listener -> listener.accept(done.result()));
        }
      } else {
        LOG.warn("overview refresh failed: {}", done.cause().getMessage());
      }
    });
    refreshing = Optional.of(next);
    return next;
  }

  private static JsonObject withoutTime(JsonObject overview) {
    JsonObject copy = overview.copy();
    copy.remove("generated_at");
    return copy;
  }

  private Future<JsonObject> read() {
    PdmConfig config = plan.config();
    List<PdmConfig.Environment> environments = config.environments();
    List<String> projects = List.of(config.projects().canonical(), config.projects().security());
    Future<dev.pdm.core.pending.PackageSnapshot> packages = new PackageTracker(gitLab, clock)
        .snapshot(projects, environments.stream().map(PdmConfig.Environment::gitlabEnvironment).toList());
    PendingMigrations pending = new PendingMigrations(gitLab, config.projects().canonical());
    List<Future<JsonObject>> perEnvironment = new ArrayList<>();
    for (PdmConfig.Environment e : environments) {
      Future<JsonObject> pendingJson = pending.forEnvironment(e.gitlabEnvironment(), e.dbEnvironment(), e.baselineSha())
          .onSuccess(report -> metrics.pendingMigrations(e.name(), report.migrations().size()))
          .map(report -> new JsonObject().put("pending", RunJson.toJson(report)))
          .otherwise(err -> new JsonObject().put("pending_error", String.valueOf(err.getMessage())));
      Future<JsonObject> checksJson = checks.checksFor(e.name()).run(Optional.empty())
          .onSuccess(report -> metrics.checksRan(e.name(), report))
          .map(report -> new JsonObject().put("checks", RunJson.toJson(report)))
          .otherwise(err -> new JsonObject().put("checks_error", String.valueOf(err.getMessage())));
      perEnvironment.add(Future.all(pendingJson, checksJson).map(both -> new JsonObject()
          .put("name", e.name()).put("gitlab_environment", e.gitlabEnvironment())
          .put("db_environment", e.dbEnvironment()).put("workflow_label", e.workflowLabel())
          .mergeIn(pendingJson.result()).mergeIn(checksJson.result())));
    }
    return Future.all(packages, Future.all(perEnvironment)).map(all -> {
      JsonArray list = new JsonArray();
      for (int i = 0; i < environments.size(); i++) {
        String gitlabEnvironment = environments.get(i).gitlabEnvironment();
        JsonArray deployed = new JsonArray();
        packages.result().packages().stream().filter(p -> p.environment().equals(gitlabEnvironment))
            .forEach(p -> deployed.add(RunJson.toJson(p)));
        list.add(perEnvironment.get(i).result().put("packages", deployed));
      }
      return new JsonObject().put("generated_at", clock.instant().toString()).put("environments", list)
          .put("plan", new JsonArray(config.plan().stream().map(s -> (Object) s.id()).toList()));
    });
  }
}
