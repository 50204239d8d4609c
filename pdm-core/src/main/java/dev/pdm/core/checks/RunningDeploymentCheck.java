package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.models.Constants.DeploymentStatus;

/** Fails while a deployment is running on the target environment. */
public final class RunningDeploymentCheck implements ProductionCheck {

  private final GitLabClient gitLab;
  private final String project;
  private final String environment;

  /** Looks for running deployments of {@code project} on {@code environment} (e.g. {@code gprd}). */
  public RunningDeploymentCheck(GitLabClient gitLab, String project, String environment) {
    this.gitLab = gitLab;
    this.project = project;
    this.environment = environment;
  }

  @Override
  public String name() {
    return "running-deployments";
  }

  @Override
  public Future<CheckResult> run() {
    return gitLab.deployments(project, Optional.of(environment), Optional.of(DeploymentStatus.RUNNING), "id", "desc")
        .all().map(running -> {
          Map<String, List<String>> inputs = Map.of("deployments", running.stream()
              .map(d -> project + " " + environment + " deployment " + d.getId()).toList());
          if (running.isEmpty()) {
            return CheckResult.pass(name(), "No deployment is running on " + environment + ".").withInputs(inputs);
          }
          return new CheckResult(name(), Verdict.FAIL,
              running.stream().map(this::describe).toList(),
              running.stream().map(d -> d.getDeployable() == null ? null : d.getDeployable().getWebUrl())
                  .filter(Objects::nonNull).toList(), inputs);
        });
  }

  private String describe(Deployment deployment) {
    return "Deployment #" + deployment.getIid() + " of " + deployment.getRef() + " ("
        + shortSha(deployment.getSha()) + ") is running on " + environment
        + (deployment.getCreatedAt() == null ? "" : " since " + deployment.getCreatedAt().toInstant()) + ".";
  }

  private static String shortSha(String sha) {
    return sha == null ? "unknown SHA" : sha.substring(0, Math.min(11, sha.length()));
  }
}
