package dev.pdm.server.api;

import dev.pdm.core.incident.IncidentRequest;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.run.Decision;
import dev.pdm.core.run.MitigationKind;
import dev.pdm.core.run.RunEvent;
import dev.pdm.server.incident.IncidentSteps;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.orchestrator.RunPreparer;
import dev.pdm.server.store.AuditEntry;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator may ask of pdm, whoever carries the request (the REST API, chat): start a run, and decide on one
 * (cancel, retry, mitigate, ...), each decision with its audit entry. Callers check the role and the request's shape;
 * the state machine has the last word.
 */
public final class OperatorRequests {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRequests.class);
  /** The longest reason the audit trail keeps. */
  public static final int MAX_REASON = 2000;
  private final RunStore store;
  private final Orchestrator orchestrator;
  private final RunPreparer preparer;
  private final Clock clock;

  public OperatorRequests(RunStore store, Orchestrator orchestrator, RunPreparer preparer, Clock clock) {
    this.store = store;
    this.orchestrator = orchestrator;
    this.preparer = preparer;
    this.clock = clock;
  }

  /**
   * Asks for a run as {@code actor}: reads GitLab (failing with {@link GitLabUnavailable} when it cannot), then the
   * state machine and the store decide (a rejection, a new run, the run of the same idempotency key, or the active run).
   */
  public Future<Orchestrator.Started> start(String actor, Optional<String> idempotencyKey) {
    return preparer.prepare(actor)
        .recover(err -> Future.failedFuture(new GitLabUnavailable(err)))
        .compose(prepared -> orchestrator.start(prepared, idempotencyKey));
  }

  /** A decision's outcome: the state machine's rejection, or the run as stored after it. */
  public record Decided(Optional<Decision.Rejected> rejected, Optional<StoredRun> run) {
  }

  /**
   * Submits an operator's decision on a run, with its audit entry. Fails with
   * {@link Orchestrator.NoSuchRunException} for an unknown run.
   */
  public Future<Decided> decide(UUID runId, RunEvent event, AuditEntry audit) {
    return orchestrator.submit(runId, event, Optional.of(audit)).compose(decision -> decided(runId, decision, audit));
  }

  /**
   * Submits an operator's request on a failed stage's incident workflow, with the state machine events it brings (a
   * retry plan's retry) and its audit entry; {@code settings} are the labels and release managers it is decided with.
   */
  public Future<Decided> decideOnIncident(UUID runId, IncidentRequest request, List<RunEvent> events,
      IncidentSettings settings, AuditEntry audit) {
    return orchestrator.change(runId, record -> IncidentSteps.request(record, request, events, settings),
        Optional.of(audit)).compose(decision -> decided(runId, decision, audit));
  }

  private Future<Decided> decided(UUID runId, Decision decision, AuditEntry audit) {
    if (decision instanceof Decision.Rejected rejected) {
      return Future.succeededFuture(new Decided(Optional.of(rejected), Optional.empty()));
    }
    LOG.info("{} asked for {} on run {}: {}", audit.actor(), audit.action(), runId, audit.reason().orElse(""));
    return store.get(runId).map(run -> new Decided(Optional.empty(), run));
  }

  /** An operator's cancel of a run. */
  public RunEvent cancel(String actor, String reason) {
    return new RunEvent.CancelRequested(actor, reason, clock.instant());
  }

  /** An operator's retry of a failed stage. */
  public RunEvent retry(String stageId, String actor, String reason) {
    return new RunEvent.RetryRequested(stageId, actor, reason, clock.instant());
  }

  /** An operator's mitigation of a failed stage. */
  public RunEvent mitigation(String stageId, String actor, MitigationKind kind, String reason, Optional<String> link) {
    return new RunEvent.MitigationRecorded(stageId, actor, kind, reason, link, clock.instant());
  }

  /** An operator's abandon of the stage in progress: the run ends failed, no GitLab pipeline is canceled. */
  public RunEvent abandon(String stageId, String actor, String reason) {
    return new RunEvent.StageAbandoned(stageId, actor, reason, clock.instant());
  }

  /** What is wrong with a reason: absent, blank or too long (each naming the value and what was expected). */
  public static List<String> reasonProblems(Object reason) {
    if (!(reason instanceof String text) || text.isBlank()) {
      return List.of("reason: required: say why, in words the audit trail will keep (got "
          + (reason == null ? "nothing" : "\"" + reason + "\"") + ")");
    }
    return text.length() > MAX_REASON ? List.of("reason: expected at most " + MAX_REASON + " characters (got "
        + text.length() + ")") : List.of();
  }

  /** GitLab could not be read while preparing a run. */
  public static final class GitLabUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GitLabUnavailable(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
