package dev.pdm.core.incident;

import dev.pdm.core.pending.MergeRequestRef;
import dev.pdm.core.triage.FailedMigration;
import dev.pdm.core.triage.MigrationKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The incident workflow of one failed migrate stage: what was decided, what pdm follows in GitLab, the timeline, and
 * what is still open. {@code openItems}, {@code handoverDraft} and {@code following} are derived from the rest by
 * {@link IncidentWorkflows} on every change and kept so that the page, the CLI and the store read them as they are.
 *
 * @param subject       the failure and its incident (fixed when the workflow starts)
 * @param block         whether the failure blocks deployments, as a person decided
 * @param plan          the mitigation plan
 * @param readyAt       when the plan's fix was first seen complete (a new run may pass the migration)
 * @param nextRun       the first run started after that, as last seen
 * @param followUps     questions someone must answer (e.g. is a DML migration safe for self-managed?)
 * @param resolution    when and how the incident was resolved
 * @param releaseItems  the monthly release issue's checklist items for the plan's fix merge requests
 * @param handovers     hand-overs between release managers
 * @param timeline      every step, oldest first
 * @param openItems     what is still to do, in words
 * @param handoverDraft the summary a hand-over starts from
 * @param following     whether pdm still reads GitLab for this workflow
 */
public record IncidentWorkflow(Subject subject, Optional<BlockDecision> block, Optional<MitigationPlan> plan,
    Optional<Instant> readyAt, Optional<NextRun> nextRun, List<FollowUp> followUps, Optional<Resolution> resolution,
    List<ReleaseItem> releaseItems, List<Handover> handovers, List<WorkflowEntry> timeline, List<String> openItems,
    String handoverDraft, boolean following) {

  /** Copies the lists; null-safe for records stored before a field existed. */
  public IncidentWorkflow {
    block = block == null ? Optional.empty() : block;
    plan = plan == null ? Optional.empty() : plan;
    readyAt = readyAt == null ? Optional.empty() : readyAt;
    nextRun = nextRun == null ? Optional.empty() : nextRun;
    resolution = resolution == null ? Optional.empty() : resolution;
    followUps = followUps == null ? List.of() : List.copyOf(followUps);
    releaseItems = releaseItems == null ? List.of() : List.copyOf(releaseItems);
    handovers = handovers == null ? List.of() : List.copyOf(handovers);
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    openItems = openItems == null ? List.of() : List.copyOf(openItems);
    handoverDraft = handoverDraft == null ? "" : handoverDraft;
  }

  /**
   * What failed, where, and the incident about it.
   *
   * @param runId                  the run whose stage failed
   * @param stageId                the failed stage
   * @param environment            its environment, e.g. {@code gstg}
   * @param attempt                the failed attempt whose incident this is
   * @param incident               the incident issue
   * @param failed                 the failing migration and its error
   * @param kind                   DDL, DML or unknown, as triage classified it
   * @param introducedBy           the merge request that added the migration
   * @param environments           the environments the plan migrates (a fix must reach all of them)
   * @param productionEnvironments the production-tier ones (a fix is shipped once it is there)
   */
  public record Subject(String runId, String stageId, String environment, int attempt, IncidentRef incident,
      FailedMigration failed, MigrationKind kind, Optional<MergeRequestRef> introducedBy, List<String> environments,
      List<String> productionEnvironments) {

    /** Copies the environments. */
    public Subject {
      introducedBy = introducedBy == null ? Optional.empty() : introducedBy;
      environments = List.copyOf(environments);
      productionEnvironments = List.copyOf(productionEnvironments);
    }
  }

  /** An issue pdm follows: its project (full path), number and page. */
  public record IncidentRef(String project, long iid, String webUrl) {
  }

  /** A person's answer to "does this failure block deployments?"; {@code liftedAt} when pdm lifted the block. */
  public record BlockDecision(boolean blocks, String actor, String reason, Instant at, Optional<Instant> liftedAt) {
    /** Null-safe. */
    public BlockDecision {
      liftedAt = liftedAt == null ? Optional.empty() : liftedAt;
    }

    /** Whether the incident carries the blocker label because of this decision. */
    public boolean blocking() {
      return blocks && liftedAt.isEmpty();
    }
  }

  /**
   * The first run of the plan started after the fix was ready.
   *
   * @param status                 its status as stored (e.g. {@code succeeded})
   * @param stageStatus            the status of its stage on the failed environment
   * @param versionStillPending    mark-complete plan, once its stage on the environment ended: whether its migration job
   *                               migrated the version again (Rails skips a version marked complete)
   */
  public record NextRun(String runId, String status, String stageStatus, Optional<Boolean> versionStillPending) {
    /** Null-safe. */
    public NextRun {
      versionStillPending = versionStillPending == null ? Optional.empty() : versionStillPending;
    }

    /** Whether it ended. */
    public boolean finished() {
      return List.of("succeeded", "failed", "canceled").contains(status);
    }
  }

  /** A question someone must answer; {@code done} once they did. */
  public record FollowUp(String key, String text, Optional<String> doneBy, Optional<String> answer,
      Optional<Instant> doneAt) {
    /** Null-safe. */
    public FollowUp {
      doneBy = doneBy == null ? Optional.empty() : doneBy;
      answer = answer == null ? Optional.empty() : answer;
      doneAt = doneAt == null ? Optional.empty() : doneAt;
    }

    /** Whether it was answered. */
    public boolean done() {
      return doneAt.isPresent();
    }
  }

  /** When the incident was seen resolved, and how ({@code closed} or {@code labelled <label>}). */
  public record Resolution(Instant at, String how) {
  }

  /**
   * A checklist item on the monthly release issue: "ensure !N is in the monthly release".
   *
   * @param key      unique in the workflow (its marker in the issue's description)
   * @param status   where it stands
   * @param issueUrl the release issue it is on, once added
   * @param detail   why it could not be added or ticked
   */
  public record ReleaseItem(String key, long mergeRequestIid, String mergeRequestUrl, Status status,
      Optional<String> issueUrl, Optional<String> detail) {
    /** Null-safe. */
    public ReleaseItem {
      issueUrl = issueUrl == null ? Optional.empty() : issueUrl;
      detail = detail == null ? Optional.empty() : detail;
    }

    /** Where an item stands. */
    public enum Status {
      /** pdm asked for it to be added. */
      ADD_REQUESTED,
      /** On the release issue, unticked: the merge request is not on production yet. */
      ADDED,
      /** The merge request is on production: pdm asked for the item to be ticked. */
      TICK_REQUESTED,
      /** Ticked. */
      TICKED,
      /** It could not be added or ticked (see detail); a person must look. */
      FAILED
    }

    /** The item with a new status (and issue, and detail). */
    public ReleaseItem with(Status next, Optional<String> issue, Optional<String> why) {
      return new ReleaseItem(key, mergeRequestIid, mergeRequestUrl, next, issue.or(() -> issueUrl), why);
    }
  }

  /** A hand-over from one release manager to another, with the summary posted. */
  public record Handover(String from, String to, String summary, Instant at) {
  }

  /** The stage this workflow is about. */
  public String stageId() {
    return subject.stageId();
  }

  /** Whether the incident was seen resolved. */
  public boolean resolved() {
    return resolution.isPresent();
  }

  /** The entry with {@code number}, if any. */
  public Optional<WorkflowEntry> entry(int number) {
    return timeline.stream().filter(e -> e.number() == number).findFirst();
  }

  IncidentWorkflow withBlock(BlockDecision next) {
    return new IncidentWorkflow(subject, Optional.of(next), plan, readyAt, nextRun, followUps, resolution, releaseItems,
        handovers, timeline, openItems, handoverDraft, following);
  }

  IncidentWorkflow withPlan(MitigationPlan next) {
    return new IncidentWorkflow(subject, block, Optional.of(next), readyAt, nextRun, followUps, resolution,
        releaseItems, handovers, timeline, openItems, handoverDraft, following);
  }

  IncidentWorkflow withReadiness(Optional<Instant> ready, Optional<NextRun> run) {
    return new IncidentWorkflow(subject, block, plan, ready, run, followUps, resolution, releaseItems, handovers,
        timeline, openItems, handoverDraft, following);
  }

  IncidentWorkflow withFollowUps(List<FollowUp> next) {
    return new IncidentWorkflow(subject, block, plan, readyAt, nextRun, next, resolution, releaseItems, handovers,
        timeline, openItems, handoverDraft, following);
  }

  IncidentWorkflow withResolution(Resolution next) {
    return new IncidentWorkflow(subject, block, plan, readyAt, nextRun, followUps, Optional.of(next), releaseItems,
        handovers, timeline, openItems, handoverDraft, following);
  }

  IncidentWorkflow withReleaseItems(List<ReleaseItem> next) {
    return new IncidentWorkflow(subject, block, plan, readyAt, nextRun, followUps, resolution, next, handovers,
        timeline, openItems, handoverDraft, following);
  }

  IncidentWorkflow withHandover(Handover next) {
    List<Handover> all = new ArrayList<>(handovers);
    all.add(next);
    return new IncidentWorkflow(subject, block, plan, readyAt, nextRun, followUps, resolution, releaseItems, all,
        timeline, openItems, handoverDraft, following);
  }

  IncidentWorkflow withTimeline(List<WorkflowEntry> next) {
    return new IncidentWorkflow(subject, block, plan, readyAt, nextRun, followUps, resolution, releaseItems,
        handovers, next, openItems, handoverDraft, following);
  }

  IncidentWorkflow withDerived(List<String> items, String draft, boolean follow) {
    return new IncidentWorkflow(subject, block, plan, readyAt, nextRun, followUps, resolution, releaseItems,
        handovers, timeline, items, draft, follow);
  }
}
