package dev.pdm.core.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stage of a run as it stands.
 *
 * @param spec           what the stage is
 * @param status         where it is
 * @param checkRound     0 before any check, +1 per RunChecks; a ChecksCompleted for another round is stale
 * @param checks         the verdicts of the latest completed round
 * @param checksOverride the operator decision that overrode the latest round's failing checks, if any
 * @param attempts       every trigger so far, oldest first; the last is the current one
 * @param recordSteps    the bookkeeping writes after the migration succeeded (migrate stages only)
 * @param startedAt      when the stage first started (checks or trigger)
 * @param finishedAt     when it last reached succeeded, failed, canceled or skipped
 * @param resolution     the mitigation (or QA override) that resolved a failure, when it succeeded that way
 * @param checkedAt      when the latest checks round completed or was overridden: a trigger waiting longer checks again
 * @param packages       the packages running on the stage's environment when its latest checks ran: what it migrates
 */
public record Stage(
    StageSpec spec,
    StageStatus status,
    int checkRound,
    List<CheckVerdict> checks,
    Optional<OperatorDecision> checksOverride,
    List<Attempt> attempts,
    List<RecordStep> recordSteps,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<OperatorDecision> resolution,
    Optional<Instant> checkedAt,
    Optional<PackageSnapshot> packages) {

  public Stage {
    checks = List.copyOf(checks);
    attempts = List.copyOf(attempts);
    recordSteps = List.copyOf(recordSteps);
  }

  static Stage planned(StageSpec spec) {
    return new Stage(spec, StageStatus.PENDING, 0, List.of(), Optional.empty(), List.of(), List.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The stage id. */
  public String id() {
    return spec.id();
  }

  /** The current attempt, empty before the first trigger. */
  public Optional<Attempt> currentAttempt() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  /** The current attempt if it is number {@code number}. */
  public Optional<Attempt> currentAttempt(int number) {
    return currentAttempt().filter(a -> a.number() == number);
  }

  /** The current attempt's number, 0 before the first trigger. */
  public int attemptNumber() {
    return attempts.size();
  }

  /** The record step of that kind, if this stage records one. */
  public Optional<RecordStep> recordStep(RecordStep.Kind kind) {
    return recordSteps.stream().filter(s -> s.kind() == kind).findFirst();
  }

  Stage withStatus(StageStatus next) {
    return new Stage(spec, next, checkRound, checks, checksOverride, attempts, recordSteps, startedAt, finishedAt, resolution, checkedAt, packages);
  }

  Stage startedAt(Instant at) {
    return new Stage(spec, status, checkRound, checks, checksOverride, attempts, recordSteps,
        Optional.of(startedAt.orElse(at)), finishedAt, resolution, checkedAt, packages);
  }

  Stage finishedAt(Instant at) {
    return new Stage(spec, status, checkRound, checks, checksOverride, attempts, recordSteps, startedAt, Optional.of(at), resolution, checkedAt, packages);
  }

  /** A new round of checks: the previous round's verdicts and override no longer apply (both stay in the run's decisions). */
  Stage withNextCheckRound() {
    return new Stage(spec, StageStatus.CHECKING, checkRound + 1, List.of(), Optional.empty(), attempts, recordSteps,
        startedAt, finishedAt, resolution, checkedAt, packages);
  }

  Stage withChecks(List<CheckVerdict> verdicts, Instant at, Optional<PackageSnapshot> seen) {
    return new Stage(spec, status, checkRound, verdicts, checksOverride, attempts, recordSteps, startedAt, finishedAt, resolution,
        Optional.of(at), seen.or(() -> packages));
  }

  /** An override is a decision taken now: it is as old as the moment it was taken. */
  Stage withChecksOverride(OperatorDecision decision) {
    return new Stage(spec, status, checkRound, checks, Optional.of(decision), attempts, recordSteps, startedAt, finishedAt, resolution,
        Optional.of(decision.at()), packages);
  }

  Stage withNewAttempt() {
    List<Attempt> next = new ArrayList<>(attempts);
    next.add(Attempt.first(attempts.size() + 1));
    return new Stage(spec, status, checkRound, checks, checksOverride, next, recordSteps, startedAt, finishedAt, resolution, checkedAt, packages);
  }

  Stage withAttempt(Attempt changed) {
    List<Attempt> next = new ArrayList<>(attempts);
    next.set(changed.number() - 1, changed);
    return new Stage(spec, status, checkRound, checks, checksOverride, next, recordSteps, startedAt, finishedAt, resolution, checkedAt, packages);
  }

  Stage withRecordSteps(List<RecordStep> steps) {
    return new Stage(spec, status, checkRound, checks, checksOverride, attempts, steps, startedAt, finishedAt, resolution, checkedAt, packages);
  }

  Stage withRecordStep(RecordStep changed) {
    List<RecordStep> next = recordSteps.stream().map(s -> s.kind() == changed.kind() ? changed : s).toList();
    return withRecordSteps(next);
  }

  Stage withResolution(OperatorDecision decision) {
    return new Stage(spec, status, checkRound, checks, checksOverride, attempts, recordSteps, startedAt, finishedAt, Optional.of(decision), checkedAt,
        packages);
  }
}
