package dev.pdm.server.testing;

import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.sandbox.GitLabSandbox;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.SandboxMode;
import dev.pdm.server.metrics.PdmMetrics;
import dev.pdm.server.store.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** pdm in sandbox mode for tests: a fast simulated GitLab, a fresh database, and an API client. */
public final class SandboxedPdm {
  /** Simulated seconds per real second: a whole happy run in a few seconds. */
  public static final double SPEED = 60;
  /**
   * Fast polling, and production checks kept good for a simulated hour: at {@link #SPEED} the default five minutes
   * are five real seconds, which a loaded test machine can spend between the checks and the trigger, sending the
   * stage back to its checks (a new attempt) in tests about something else.
   */
  public static final Map<String, String> FLAGS = Map.of("server.port", "0", "server.host", "127.0.0.1",
      "polling.active_interval_seconds", "1", "orchestrator.checks_max_age_seconds", "3600");
  private static final Set<String> FINAL = Set.of("succeeded", "canceled", "failed", "waiting_for_decision",
      "blocked");
  private final Vertx vertx;
  private final PdmConfig base;
  private final DatabaseUrl database;
  private SandboxMode.Running running;
  private final WebClient client;

  private SandboxedPdm(Vertx vertx, PdmConfig base, DatabaseUrl database, SandboxMode.Running running) {
    this.vertx = vertx;
    this.base = base;
    this.database = database;
    this.running = running;
    this.client = WebClient.create(vertx);
  }

  public static Future<SandboxedPdm> start(Vertx vertx, String scenario) {
    return start(vertx, scenario, TestDatabase.fresh());
  }

  public static Future<SandboxedPdm> start(Vertx vertx, String scenario, DatabaseUrl database) {
    return start(vertx, SandboxOptions.defaults().withScenario(scenario).withSpeed(SPEED), Optional.empty(),
        database);
  }

  /** With the sandbox's options as given, and a configuration file's text if any. */
  public static Future<SandboxedPdm> start(Vertx vertx, SandboxOptions options, Optional<String> yaml,
      DatabaseUrl database) {
    return start(vertx, options, yaml, database, new PdmMetrics());
  }

  /** As {@link #start(Vertx, SandboxOptions, Optional, DatabaseUrl)}, recording metrics in {@code metrics}. */
  public static Future<SandboxedPdm> start(Vertx vertx, SandboxOptions options, Optional<String> yaml,
      DatabaseUrl database, PdmMetrics metrics) {
    PdmConfig config;
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("pdm", ".yaml");
      java.nio.file.Files.writeString(file, yaml.orElse(""));
      config = ConfigLoader.load(Optional.of(file), Map.of(), FLAGS);
    } catch (java.io.IOException e) {
      return Future.failedFuture(e);
    }
    return SandboxMode.start(vertx, config, options, database, TestConfig.tokenList(), metrics)
        .map(running -> new SandboxedPdm(vertx, config, database, running));
  }

  /**
   * Stops pdm (not the simulated GitLab) as SIGTERM would, and starts a new pdm on the same database against the same
   * GitLab: what a restart in the middle of a workflow looks like (a new process, so new metrics).
   */
  public Future<Void> restartPdm() {
    return running.server().close()
        .compose(v -> SandboxMode.attach(vertx, base, running.sandbox(), database, TestConfig.tokenList(),
            new PdmMetrics()))
        .onSuccess(next -> running = next)
        .mapEmpty();
  }

  public GitLabSandbox gitLab() {
    return running.sandbox();
  }

  public dev.pdm.server.PdmServer server() {
    return running.server();
  }

  public int port() {
    return running.server().port();
  }

  public PdmConfig config() {
    return running.config();
  }

  public SandboxMode.Running running() {
    return running;
  }

  public Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return client.post(port(), "127.0.0.1", path).bearerTokenAuthentication(gitLab().token())
        .sendJsonObject(body);
  }

  /** A request as someone else: another token, or none, and extra headers. */
  public io.vertx.ext.web.client.HttpRequest<Buffer> request(io.vertx.core.http.HttpMethod method, String path) {
    return client.request(method, port(), "127.0.0.1", path);
  }

  public Future<HttpResponse<Buffer>> get(String path) {
    return client.get(port(), "127.0.0.1", path).bearerTokenAuthentication(gitLab().token()).send();
  }

  /** Polls the run until {@code condition} holds (at most 90 s), failing with what the run looked like last. */
  public Future<JsonObject> await(String runId, java.util.function.Predicate<JsonObject> condition, String what) {
    return awaitRun(runId, condition, what, System.nanoTime() + TimeUnit.SECONDS.toNanos(90));
  }

  private Future<JsonObject> awaitRun(String runId, java.util.function.Predicate<JsonObject> condition, String what,
      long deadline) {
    return get("/api/v1/runs/" + runId).compose(r -> {
      JsonObject run = r.bodyAsJsonObject();
      if (r.statusCode() == 200 && condition.test(run)) {
        return Future.succeededFuture(run);
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(new AssertionError("run " + runId + " never got to: " + what + "; last seen "
            + (run == null ? r.statusCode() : run.encodePrettily())));
      }
      return vertx.timer(200).compose(t -> awaitRun(runId, condition, what, deadline));
    });
  }

  /** The stage of a run as the API shows it. */
  public static JsonObject stage(JsonObject run, String stageId) {
    return run.getJsonObject("state").getJsonObject("run").getJsonArray("stages").stream().map(JsonObject.class::cast)
        .filter(s -> s.getJsonObject("spec").getString("id").equals(stageId)).findFirst().orElseThrow();
  }

  /** The current attempt of a run's stage as the API shows it; an empty object before the first trigger. */
  public static JsonObject currentAttempt(JsonObject run, String stageId) {
    io.vertx.core.json.JsonArray attempts = stage(run, stageId).getJsonArray("attempts");
    return attempts.isEmpty() ? new JsonObject() : attempts.getJsonObject(attempts.size() - 1);
  }

  /** Moves the simulated GitLab's clock (and so pdm's) forward, running what falls due. */
  public Future<Void> advance(java.time.Duration duration) {
    return gitLab().clock().advance(duration);
  }

  /** Polls the run until it stops moving on its own (finished, blocked, or waiting for a person). */
  public Future<JsonObject> settled(String runId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    return poll(runId, deadline);
  }

  private Future<JsonObject> poll(String runId, long deadline) {
    return get("/api/v1/runs/" + runId).compose(r -> {
      JsonObject run = r.bodyAsJsonObject();
      if (FINAL.contains(run.getString("status"))) {
        return Future.succeededFuture(run);
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture("run " + runId + " still " + run.getString("status") + " after 90 s");
      }
      return vertx.timer(200).compose(t -> poll(runId, deadline));
    });
  }

  public Future<Void> close() {
    return running.close();
  }

  /** Waits (at most two minutes) for a future, from a test thread: never from an event loop. */
  public static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** pdm with {@code yaml} as its configuration, against the simulated GitLab running {@code scenario} at test speed. */
  public static Future<SandboxedPdm> start(Vertx vertx, String scenario, String yaml) {
    return start(vertx, SandboxOptions.defaults().withScenario(scenario).withSpeed(SPEED), Optional.of(yaml),
        TestDatabase.fresh());
  }
}
