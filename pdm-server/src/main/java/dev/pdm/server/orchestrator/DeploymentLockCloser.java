package dev.pdm.server.orchestrator;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.run.Command;
import io.vertx.core.Future;
import java.util.Optional;
import org.gitlab4j.models.Constants.DeploymentStatus;

/**
 * {@code CloseDeploymentLock}: the attempt's running deployment on {@code db/<env>} ends {@code failed} or
 * {@code canceled}. When none is running at that SHA (never opened, closed already) there is nothing to do.
 */
public final class DeploymentLockCloser implements CommandExecutor<Command.CloseDeploymentLock> {
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final DbDeployments deployments;

  public DeploymentLockCloser(GitLabClient gitLab, PlanLayout plan) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.deployments = new DbDeployments(gitLab);
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.CloseDeploymentLock command, Execution execution) {
    String project = plan.config().projects().canonical();
    String environment = plan.environment(command.environment()).dbEnvironment();
    DeploymentStatus status = command.outcome() == Command.CloseDeploymentLock.Outcome.FAILED ? DeploymentStatus.FAILED
        : DeploymentStatus.CANCELED;
    return deployments.find(project, environment, DeploymentStatus.RUNNING, command.sha())
        .compose(running -> running
            .map(d -> gitLab.updateDeploymentStatus(project, d.getId(), status)
                .map(updated -> Outcome.note(DeploymentLockOpener.note(command, Optional.of(updated),
                    "ended " + status.toValue() + " on " + environment))))
            .orElseGet(() -> Future.succeededFuture(Outcome.note(DeploymentLockOpener.note(command, Optional.empty(),
                "no deployment running on " + environment + " at " + command.sha())))))
        .recover(err -> DeploymentLockOpener.refusedAsNote(command, err));
  }
}
