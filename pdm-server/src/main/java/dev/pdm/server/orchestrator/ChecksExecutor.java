package dev.pdm.server.orchestrator;

import dev.pdm.core.checks.ActiveIncidentCheck;
import dev.pdm.core.checks.ChangeRequestCheck;
import dev.pdm.core.checks.ChecksReport;
import dev.pdm.core.checks.DeployWindowCheck;
import dev.pdm.core.checks.PendingMigrationsCheck;
import dev.pdm.core.checks.ProductionChecks;
import dev.pdm.core.checks.RunningDeploymentCheck;
import dev.pdm.core.checks.Verdict;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.PendingMigrations;
import dev.pdm.core.run.CheckVerdict;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.PackageSnapshot;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.StageStatus;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@code RunChecks}: the production checks for the stage's environment, answered as {@code ChecksCompleted}. */
public final class ChecksExecutor implements CommandExecutor<Command.RunChecks> {
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;
  private final RunningPackages packages;

  public ChecksExecutor(GitLabClient gitLab, PlanLayout plan, Clock clock) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
    this.packages = new RunningPackages(gitLab, plan, clock);
  }

  /** The checks that guard migrating {@code environment}. */
  public ProductionChecks checksFor(String environment) {
    PdmConfig config = plan.config();
    PdmConfig.Environment env = plan.environment(environment);
    return new ProductionChecks(List.of(
        new ActiveIncidentCheck(gitLab, config.projects().production(), config.checks().incidentLabels()),
        new ChangeRequestCheck(gitLab, config.projects().production(), config.checks().changeRequestLabels()),
        new RunningDeploymentCheck(gitLab, config.projects().canonical(), env.gitlabEnvironment()),
        new PendingMigrationsCheck(new PendingMigrations(gitLab, config.projects().canonical()),
            env.gitlabEnvironment(), env.dbEnvironment(), env.baselineSha()),
        new DeployWindowCheck(config.schedule().windowsFor(environment), environment, clock)));
  }

  /**
   * Runs the checks and, beside them, reads which package runs on the environment: what the stage will migrate and
   * record. A package that cannot be read leaves the run's starting snapshot in use.
   */
  @Override
  public Future<Outcome> execute(RunRecord record, Command.RunChecks command, Execution execution) {
    boolean current = record.run().stage(command.stageId())
        .map(s -> s.status() == StageStatus.CHECKING && s.checkRound() == command.round()).orElse(false);
    if (!current) {
      return Future.succeededFuture(Outcome.done());
    }
    Future<Optional<PackageSnapshot>> running = packages.on(List.of(plan.environment(command.environment())))
        .map(Optional::of).otherwise(Optional.empty());
    return checksFor(command.environment()).run(Optional.empty())
        .compose(report -> running.map(seen -> Outcome.of(new RunEvent.ChecksCompleted(command.stageId(),
            command.round(), verdicts(report), seen, clock.instant()))));
  }

  static List<CheckVerdict> verdicts(ChecksReport report) {
    return report.results().stream().map(r -> new CheckVerdict(r.check(),
        r.verdict() == Verdict.PASS ? CheckVerdict.Outcome.PASS
            : r.verdict() == Verdict.FAIL ? CheckVerdict.Outcome.FAIL : CheckVerdict.Outcome.ERROR,
        r.reasons(), r.links(), r.inputs())).toList();
  }
}
