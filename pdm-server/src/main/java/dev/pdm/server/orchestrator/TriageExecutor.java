package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.IssueFields;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.DeployedPackage;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.Stage;
import dev.pdm.core.triage.FailedMigration;
import dev.pdm.core.triage.IncidentDraft;
import dev.pdm.core.triage.JobLogParser;
import dev.pdm.core.triage.MigrationLog;
import dev.pdm.core.triage.TriageLookup;
import dev.pdm.core.triage.TriageReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.gitlab4j.api.models.Issue;

/**
 * {@code Triage}: reads the failed job's log, finds the failing migration, looks up its file, commit, merge request
 * and people, drafts the incident and (when configured) opens it in the production project, once: the incident
 * carries a marker and is looked for before it is created. The incident is confidential unless configured otherwise,
 * and its error has its row data redacted; the run keeps the whole error for operators.
 */
public final class TriageExecutor implements CommandExecutor<Command.Triage> {
  private final Vertx vertx;
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final TriageLookup lookup;
  private final Clock clock;

  public TriageExecutor(Vertx vertx, GitLabClient gitLab, PlanLayout plan, TriageLookup lookup, Clock clock) {
    this.vertx = vertx;
    this.gitLab = gitLab;
    this.plan = plan;
    this.lookup = lookup;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.Triage command, Execution execution) {
    PdmConfig config = plan.config();
    String project = plan.stage(command.stageId()).project();
    Stage stage = record.run().stage(command.stageId()).orElseThrow();
    String sha = record.run().migratedPackages(stage).find(stage.spec().environment(), DeploymentProject.CANONICAL)
        .map(DeployedPackage::sha).orElse("");
    // A job log may be megabytes: keep at most its configured end, and parse it off the event loop.
    int maxLogBytes = (int) Math.min(Integer.MAX_VALUE, config.triage().maxLogBytes());
    return gitLab.jobTraceTail(project, command.jobId(), maxLogBytes)
        .compose(trace -> vertx.executeBlocking(() -> failedMigration(JobLogParser.parse(trace.text())), false))
        .compose(failed -> lookup.lookup(project, command.jobId(), sha, failed))
        .compose(report -> {
          IncidentDraft draft = IncidentDraft.of(report);
          Future<Optional<String>> incident = config.triage().createIncident()
              ? openIncident(record, command, draft).map(Optional::of) : Future.succeededFuture(Optional.empty());
          return incident.map(url -> outcome(command, report, draft, url));
        });
  }

  private Outcome outcome(Command.Triage command, TriageReport report, IncidentDraft draft, Optional<String> url) {
    FailedMigration failed = report.failed();
    String summary = failed.version() + " " + failed.className() + ": " + failed.errorClass() + ": "
        + failed.errorMessage();
    RunEvent event = new RunEvent.TriageCompleted(command.stageId(), command.attempt(), summary, url,
        clock.instant());
    return new Outcome(List.of(event), r -> r.withTriage(command.stageId(),
        new RunRecord.StageTriage(command.attempt(), report, draft, url)), Optional.empty(), Optional.empty());
  }

  private Future<String> openIncident(RunRecord record, Command.Triage command, IncidentDraft draft) {
    PdmConfig config = plan.config();
    String production = config.projects().production();
    String marker = "pdm-incident:" + record.run().id() + ":" + command.stageId() + ":" + command.attempt();
    String description = draft.description() + "\n\n<!-- " + marker + " -->";
    return gitLab.issues(production, "all", Optional.of("incident"), List.of())
        .first(issue -> issue.getDescription() != null && issue.getDescription().contains(marker))
        .compose(existing -> existing.map(Future::succeededFuture)
            .orElseGet(() -> gitLab.createIssue(production, new IssueFields(draft.title(), description,
                config.triage().incidentLabels(), Optional.of("incident"), config.triage().confidentialIncident()),
                marker)))
        .map(Issue::getWebUrl);
  }

  /** The failing migration; when the log names none, triage still runs and says so. */
  private static FailedMigration failedMigration(MigrationLog log) {
    return log.failed().orElseGet(() -> new FailedMigration("unknown", "unknown",
        log.error().map(e -> e.errorClass()).orElse("unknown"),
        log.error().map(e -> e.message()).orElse("the job log names no failed migration")));
  }
}
