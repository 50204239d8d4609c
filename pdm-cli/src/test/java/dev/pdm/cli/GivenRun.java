package dev.pdm.cli;

import dev.pdm.sandbox.GitLabSandbox;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link ExecutedRun} a test class decides on, as a JUnit extension: executed and watched before the class's first
 * test, its server stopped after the last. Register it in a static field with {@code @RegisterExtension}.
 */
final class GivenRun implements BeforeAllCallback, AfterAllCallback {
  private final String scenario;
  private final ExecutedRun.Meanwhile meanwhile;
  private ExecutedRun run;

  private GivenRun(String scenario, ExecutedRun.Meanwhile meanwhile) {
    this.scenario = scenario;
    this.meanwhile = meanwhile;
  }

  static GivenRun in(String scenario) {
    return new GivenRun(scenario, server -> { });
  }

  /** With {@code meanwhile} done to the server before the run is asked for. */
  static GivenRun in(String scenario, ExecutedRun.Meanwhile meanwhile) {
    return new GivenRun(scenario, meanwhile);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    run = ExecutedRun.in(scenario, meanwhile);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    run.close();
  }

  CliRun execution() {
    return run.execution();
  }

  String runId() {
    return run.runId();
  }

  /** pdm as the operator, off a terminal, against the run's server. */
  CliRun pdm(String... args) {
    return run.server().pdm(args);
  }

  GitLabSandbox gitLab() {
    return run.server().gitLab();
  }
}
