package dev.pdm.server.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/** A blocking HTTP client for tests that drive pdm and the sandbox as separate processes. */
public final class PdmHttp {
  /** Run statuses a run stays in until a person acts. */
  public static final Set<String> SETTLED = Set.of("succeeded", "failed", "canceled", "waiting_for_decision",
      "blocked");
  private final HttpClient http = HttpClient.newHttpClient();
  private final String token;

  public PdmHttp(String token) {
    this.token = token;
  }

  public String send(String url, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** POSTs a JSON body to pdm and checks the answer's status. */
  public void post(String url, String path, JsonObject body, int expectedStatus) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != expectedStatus) {
      throw new AssertionError("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  /** A request with a JSON body (an operator's decision). */
  public String send(String url, String method, String path, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  public JsonObject run(String url, String runId) throws Exception {
    return new JsonObject(send(url, "GET", "/api/v1/runs/" + runId));
  }

  /** The current attempt of a run's stage, as the API shows it (empty before its first trigger). */
  public static java.util.Optional<JsonObject> currentAttempt(JsonObject run, String stageId) {
    JsonArray stages = run.getJsonObject("state").getJsonObject("run").getJsonArray("stages");
    for (int i = 0; i < stages.size(); i++) {
      JsonObject stage = stages.getJsonObject(i);
      JsonArray attempts = stage.getJsonArray("attempts");
      if (stage.getJsonObject("spec").getString("id").equals(stageId) && !attempts.isEmpty()) {
        return java.util.Optional.of(attempts.getJsonObject(attempts.size() - 1));
      }
    }
    return java.util.Optional.empty();
  }

  /** Whether the stage's pipeline creation was sent and its answer has not been stored yet. */
  public static boolean awaitingAnswer(JsonObject run, String stageId) {
    return currentAttempt(run, stageId).map(a -> a.getJsonObject("trigger").getBoolean("awaiting_answer")
        && a.getValue("pipeline") == null).orElse(false);
  }

  /**
   * Polls the run until {@code condition} holds; fails after three minutes. An answer that is not the run (a 503 of a
   * replica starting or overloaded) counts as "not yet".
   */
  public JsonObject await(String url, String runId, java.util.function.Predicate<JsonObject> condition, String what)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject run = run(url, runId);
      if (run.containsKey("state") && condition.test(run)) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " never got to: " + what + "; " + run(url, runId).encodePrettily());
  }

  /** Arms faults in the simulated GitLab ({@code POST /-/sandbox/faults}). */
  public void armFaults(String gitLabUrl, JsonObject faults) throws Exception {
    int status = http.send(HttpRequest.newBuilder(URI.create(gitLabUrl + "/-/sandbox/faults"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(faults.encode())).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status != 201) {
      throw new AssertionError("arming " + faults.encode() + " answered " + status);
    }
  }

  /** Polls the run until it settles (an answer that is not the run counts as "not yet"); fails after three minutes. */
  public JsonObject awaitSettled(String url, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject run = run(url, runId);
      if (run.containsKey("state") && SETTLED.contains(run.getString("status"))) {
        return run;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("run " + runId + " did not settle: " + run(url, runId).encodePrettily());
  }

  /** The pipelines of a project of the simulated GitLab (project path URL-encoded). */
  public JsonArray pipelines(String gitLabUrl, String encodedProject) throws Exception {
    return new JsonArray(http.send(HttpRequest.newBuilder(
            URI.create(gitLabUrl + "/api/v4/projects/" + encodedProject + "/pipelines?per_page=100"))
        .header("PRIVATE-TOKEN", "sandbox-token").build(), HttpResponse.BodyHandlers.ofString()).body());
  }
}
