package dev.pdm.core.testing;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabClientOptions;
import dev.pdm.sandbox.GitLabSandbox;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.sandbox.scenario.ScenarioFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/** The simulated GitLab on a manual clock, scenario loaded, with a pdm client pointed at it over HTTP. */
public final class SandboxedGitLab {

  /** The canonical project of the built-in scenarios. */
  public static final String CANONICAL = "gitlab-org/gitlab";
  /** The security mirror of the built-in scenarios. */
  public static final String SECURITY = "gitlab-org/security/gitlab";
  /** Where incidents and change requests live in the built-in scenarios. */
  public static final String PRODUCTION = "gitlab-com/gl-infra/production";
  /** The project whose pipelines run post-deploy migrations in the built-in scenarios. */
  public static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  /** The database maintainers group of the built-in scenarios. */
  public static final String DATABASE_MAINTAINERS = "gitlab-org/maintainers/database";

  private final GitLabSandbox sandbox;
  private final GitLabClient client;

  private SandboxedGitLab(GitLabSandbox sandbox, GitLabClient client) {
    this.sandbox = sandbox;
    this.client = client;
  }

  /** Starts {@code scenario} with a client that times out after 1 s and retries quickly. */
  public static Future<SandboxedGitLab> start(Vertx vertx, String scenario) {
    return GitLabSandbox.start(vertx, SandboxOptions.defaults().withScenario(scenario).withManualClock())
        .map(sandbox -> new SandboxedGitLab(sandbox, new GitLabClient(vertx,
            GitLabClientOptions.of(sandbox.url(), sandbox.token()).withTimeout(Duration.ofSeconds(2))
                .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(100)))));
  }

  public GitLabSandbox sandbox() {
    return sandbox;
  }

  public GitLabClient client() {
    return client;
  }

  /** Makes the next {@code times} requests matching {@code method} and {@code pathRegex} fail or stall. */
  public void fault(String method, String pathRegex, int status, int times, Integer retryAfterSeconds,
                    Integer delayMs) {
    sandbox.faults().arm(new ScenarioFaults(null, null,
        List.of(new HttpFault(method, pathRegex, status, times, retryAfterSeconds, delayMs)), null));
  }

  /** Stops the client and the sandbox. */
  public Future<Void> close() {
    client.close();
    return sandbox.close();
  }
}
