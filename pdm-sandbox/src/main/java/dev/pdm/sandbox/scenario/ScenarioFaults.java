package dev.pdm.sandbox.scenario;

import java.util.List;

/** Faults a scenario injects: failing migrations and QA jobs, HTTP errors, webhook mishaps. */
public record ScenarioFaults(List<MigrationFault> migrations, List<QaFault> qa,
    List<HttpFault> http, List<WebhookFault> webhooks) {

  /** No faults at all. */
  public static final ScenarioFaults NONE = new ScenarioFaults(null, null, null, null);

  public ScenarioFaults {
    migrations = Scenario.copy(migrations);
    qa = Scenario.copy(qa);
    http = Scenario.copy(http);
    webhooks = Scenario.copy(webhooks);
  }

  /** These faults followed by the other's. */
  public ScenarioFaults plus(ScenarioFaults other) {
    return new ScenarioFaults(Scenario.concat(migrations, other.migrations),
        Scenario.concat(qa, other.qa), Scenario.concat(http, other.http),
        Scenario.concat(webhooks, other.webhooks));
  }

  /**
   * Migration {@code version} fails on {@code environment} with Rails' error block, e.g.
   * errorClass {@code PG::DuplicateTable}, message {@code ERROR:  relation "x" already exists}.
   * A one-shot fault fails only the first attempt.
   */
  public record MigrationFault(String environment, String version, String errorClass,
      String message, boolean oneShot) {
  }

  /** QA job {@code job} fails when run against {@code environment}. */
  public record QaFault(String environment, String job, String message, boolean oneShot) {
  }

  /**
   * The next {@code times} API requests whose method (optional) and path (a regex matched
   * against the path after /api/v4) match are answered with {@code status} (0: answer normally)
   * after {@code delayMs}; a 429 carries {@code Retry-After: retryAfterSeconds}.
   */
  public record HttpFault(String method, String path, int status, Integer times,
      Integer retryAfterSeconds, Integer delayMs) {
  }

  /**
   * The next {@code times} webhook deliveries of {@code event} (e.g. {@code Pipeline Hook};
   * any when absent) are dropped ({@code mode: drop}) or sent twice ({@code mode: duplicate}).
   */
  public record WebhookFault(String event, String mode, Integer times) {
  }
}
