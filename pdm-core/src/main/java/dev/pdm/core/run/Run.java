package dev.pdm.core.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A PDM run: its stages and the operator decisions taken on it. Persisted by the server as JSON; changed only by
 * {@link RunStateMachine}.
 *
 * @param id              UUID chosen by the server
 * @param planId          the plan's id
 * @param status          where the run is
 * @param stages          the plan's stages, in order
 * @param requestedBy     who started the run
 * @param createdAt       when it was requested
 * @param updatedAt       the latest event time that changed it
 * @param packageSnapshot which packages ran where at the start
 * @param decisions       accepted operator decisions, oldest first
 */
public record Run(
    String id,
    String planId,
    RunStatus status,
    List<Stage> stages,
    String requestedBy,
    Instant createdAt,
    Instant updatedAt,
    PackageSnapshot packageSnapshot,
    List<OperatorDecision> decisions) {

  public Run {
    Objects.requireNonNull(id, "run id");
    Objects.requireNonNull(status, "run status");
    stages = List.copyOf(stages);
    decisions = List.copyOf(decisions);
  }

  /** The stage with that id. */
  public Optional<Stage> stage(String stageId) {
    return stages.stream().filter(s -> s.id().equals(stageId)).findFirst();
  }

  /** The stage's position in the plan, or -1. */
  public int indexOf(String stageId) {
    return IntStream.range(0, stages.size()).filter(i -> stages.get(i).id().equals(stageId)).findFirst().orElse(-1);
  }

  /** Whether every stage before this one has succeeded, the precondition for it to check or trigger. */
  public boolean earlierStagesSucceeded(String stageId) {
    return stages.subList(0, Math.max(indexOf(stageId), 0)).stream().allMatch(s -> s.status() == StageStatus.SUCCEEDED);
  }

  /** The packages a stage migrates (and records): those seen when its checks passed, else the run's starting snapshot. */
  public PackageSnapshot migratedPackages(Stage stage) {
    return Recording.migrated(this, stage);
  }

  Run withStatus(RunStatus next) {
    return new Run(id, planId, next, stages, requestedBy, createdAt, updatedAt, packageSnapshot, decisions);
  }

  Run withStage(Stage changed) {
    List<Stage> next = stages.stream().map(s -> s.id().equals(changed.id()) ? changed : s).toList();
    return new Run(id, planId, status, next, requestedBy, createdAt, updatedAt, packageSnapshot, decisions);
  }

  Run withDecision(OperatorDecision decision) {
    List<OperatorDecision> next = new ArrayList<>(decisions);
    next.add(decision);
    return new Run(id, planId, status, stages, requestedBy, createdAt, updatedAt, packageSnapshot, next);
  }

  /** Moves updatedAt forward only: events may arrive out of order. */
  Run touchedAt(Instant at) {
    Instant latest = at.isAfter(updatedAt) ? at : updatedAt;
    return new Run(id, planId, status, stages, requestedBy, createdAt, latest, packageSnapshot, decisions);
  }
}
