package dev.pdm.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * When each job and pipeline finished in the simulated GitLab, in the benchmark's wall clock ({@code System.nanoTime}):
 * the sandbox's own job and pipeline webhooks, sent to a hook of the benchmark's as the status changes (beside pdm's
 * hook, when it has one). Its simulated clock runs at {@code --speed} and moves in 50 ms ticks, so its timestamps are
 * not converted: the arrival of the loopback delivery is the moment.
 */
final class FinishWatch implements AutoCloseable {
  private static final Set<String> FINISHED = Set.of("success", "failed", "canceled");
  private final HttpServer server;
  private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();

  private FinishWatch(HttpServer server) {
    this.server = server;
  }

  static FinishWatch start(Vertx vertx) throws Exception {
    FinishWatch[] watch = new FinishWatch[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      long at = System.nanoTime();
      request.body().onSuccess(body -> {
        JsonObject hook = body.toJsonObject();
        JsonObject pipeline = hook.getJsonObject("object_attributes", new JsonObject());
        if ("build".equals(hook.getString("object_kind")) && FINISHED.contains(hook.getString("build_status"))) {
          watch[0].finishedAt.putIfAbsent("job " + hook.getLong("build_id"), at);
        } else if ("pipeline".equals(hook.getString("object_kind"))
            && FINISHED.contains(pipeline.getString("status"))) {
          watch[0].finishedAt.putIfAbsent("pipeline " + pipeline.getLong("id"), at);
        }
        request.response().end();
      });
    });
    watch[0] = new FinishWatch(server);
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return watch[0];
  }

  /** Where the sandbox's job and pipeline hooks are to be sent. */
  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/jobs";
  }

  /**
   * {@code job <id>} or {@code pipeline <id>} to the moment (nanoTime) GitLab said it finished, since the last
   * {@link #clear}.
   */
  Map<String, Long> finished() {
    return Map.copyOf(finishedAt);
  }

  void clear() {
    finishedAt.clear();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
