package dev.pdm.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A sandbox with a manual clock for tests, driven from the test thread. */
final class RunningSandbox implements AutoCloseable {
  final Vertx vertx;
  final GitLabSandbox sandbox;

  private RunningSandbox(Vertx vertx, GitLabSandbox sandbox) {
    this.vertx = vertx;
    this.sandbox = sandbox;
  }

  static RunningSandbox start(String scenario) {
    return start(SandboxOptions.defaults().withScenario(scenario).withManualClock());
  }

  static RunningSandbox start(SandboxOptions options) {
    Vertx vertx = Vertx.vertx();
    return new RunningSandbox(vertx, await(GitLabSandbox.start(vertx, options)));
  }

  /** A client of the API with the sandbox's token. */
  Http api() {
    return new Http(sandbox.apiUrl(), sandbox.token());
  }

  /** A client of the sandbox's root (introspection, chat), without a token. */
  Http root() {
    return new Http(sandbox.url(), null);
  }

  /** POSTs a migration pipeline for {@code environment} on the deployer; its id. */
  long migrate(String environment) {
    java.net.http.HttpResponse<String> created = api().post("/projects/11437/pipeline",
        "{\"ref\":\"master\",\"variables\":[{\"key\":\"DEPLOY_ENVIRONMENT\",\"value\":\""
            + environment + "\"}]}");
    if (created.statusCode() != 201) {
      throw new AssertionError("creating the pipeline answered " + created.statusCode() + ": "
          + created.body());
    }
    return Http.parse(created.body()).get("id").asLong();
  }

  void advance(Duration duration) {
    await(sandbox.clock().advance(duration));
  }

  void runUntilIdle() {
    await(sandbox.clock().runUntilIdle());
  }

  void load(String scenario) {
    await(sandbox.load(scenario));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(sandbox.close().compose(v -> vertx.close()));
  }
}
