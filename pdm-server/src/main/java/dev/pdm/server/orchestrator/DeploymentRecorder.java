package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.RunEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.models.Constants.DeploymentStatus;

/**
 * {@code RecordDeployment}: a successful deployment on {@code db/<env>} at the migrated SHA, in the canonical or the
 * security project; if one at that SHA exists already (an earlier attempt), it is the answer. In the canonical project
 * the deployment kept running while the stage migrated becomes the success record: no second deployment is made.
 */
public final class DeploymentRecorder implements CommandExecutor<Command.RecordDeployment> {
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;

  public DeploymentRecorder(GitLabClient gitLab, PlanLayout plan, Clock clock) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.RecordDeployment command, Execution execution) {
    PdmConfig.Projects projects = plan.config().projects();
    String project = command.project() == DeploymentProject.CANONICAL ? projects.canonical() : projects.security();
    String environment = plan.environment(command.environment()).dbEnvironment();
    DbDeployments deployments = new DbDeployments(gitLab);
    return deployments.find(project, environment, DeploymentStatus.SUCCESS, command.sha())
        .compose(existing -> existing.map(Future::succeededFuture)
            .orElseGet(() -> deployments.find(project, environment, DeploymentStatus.RUNNING, command.sha())
                .compose(running -> running.map(d -> gitLab.updateDeploymentStatus(project, d.getId(), DeploymentStatus.SUCCESS))
                    .orElseGet(() -> gitLab.createDeployment(project, environment, command.sha(), command.ref(), false,
                        DeploymentStatus.SUCCESS)))))
        .map(deployment -> done(command, project, environment, deployment))
        .recover(err -> GitLabAnswers.refused(err)
            ? Future.succeededFuture(GitLabAnswers.failed(command, err, clock))
            : Future.failedFuture(err));
  }

  private Outcome done(Command.RecordDeployment command, String project, String environment, Deployment d) {
    return Outcome.of(new RunEvent.RecordStepCompleted(command.stageId(), command.step(), command.attempt(), true,
        "deployment " + d.getId() + " on " + environment + " in " + project + " at " + command.sha(),
        clock.instant()));
  }
}
