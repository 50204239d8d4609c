package dev.pdm.core.incident;

import dev.pdm.core.incident.IncidentCommand.AddReleaseItem;
import dev.pdm.core.incident.IncidentCommand.AnnounceIncidentStep;
import dev.pdm.core.incident.IncidentCommand.LabelIncident;
import dev.pdm.core.incident.IncidentCommand.NoteOnIncident;
import dev.pdm.core.incident.IncidentCommand.TickReleaseItem;
import dev.pdm.core.incident.IncidentObservation.ChangeRequestSeen;
import dev.pdm.core.incident.IncidentObservation.IncidentSeen;
import dev.pdm.core.incident.IncidentObservation.MergeRequestSeen;
import dev.pdm.core.incident.IncidentObservation.NextRunSeen;
import dev.pdm.core.incident.IncidentObservation.NotePosted;
import dev.pdm.core.incident.IncidentObservation.NoteRefused;
import dev.pdm.core.incident.IncidentObservation.ReleaseItemRefused;
import dev.pdm.core.incident.IncidentObservation.ReleaseItemShipped;
import dev.pdm.core.incident.IncidentObservation.ReleaseItemWritten;
import dev.pdm.core.incident.IncidentRequest.AnswerFollowUp;
import dev.pdm.core.incident.IncidentRequest.ChoosePlan;
import dev.pdm.core.incident.IncidentRequest.DecideBlock;
import dev.pdm.core.incident.IncidentRequest.HandOver;
import dev.pdm.core.incident.IncidentWorkflow.BlockDecision;
import dev.pdm.core.incident.IncidentWorkflow.FollowUp;
import dev.pdm.core.incident.IncidentWorkflow.Handover;
import dev.pdm.core.incident.IncidentWorkflow.NextRun;
import dev.pdm.core.incident.IncidentWorkflow.ReleaseItem;
import dev.pdm.core.incident.IncidentWorkflow.Resolution;
import dev.pdm.core.incident.IncidentWorkflow.Subject;
import dev.pdm.core.incident.MitigationPlan.ChangeRequest;
import dev.pdm.core.incident.MitigationPlan.FixMergeRequest;
import dev.pdm.core.incident.WorkflowEntry.Kind;
import dev.pdm.core.run.Decision;
import dev.pdm.core.triage.MigrationKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The incident workflow's decisions: {@link #start}, a person's {@link #decide request}, and what pdm
 * {@link #observe observed}. Every change adds timeline entries and asks for the notes, labels, chat announcements and
 * release checklist items that go with them; an observation seen twice changes nothing.
 */
public final class IncidentWorkflows {
  /** The actor of what pdm itself observed. */
  public static final String PDM = "pdm";
  /** The follow-up a DML plan asks for. */
  public static final String SELF_MANAGED = "self-managed";
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

  private IncidentWorkflows() {
  }

  /** A new workflow for a triaged failure whose incident was opened: decisions to make, nothing followed yet. */
  public static IncidentWorkflow start(Subject subject, Instant at, IncidentSettings settings) {
    IncidentWorkflow empty = new IncidentWorkflow(subject, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), Optional.empty(), List.of(), List.of(), List.of(), List.of(), "", true);
    Change change = new Change(empty, settings);
    change.entry(Kind.STARTED, at, PDM, "pdm follows incident #" + subject.incident().iid() + " about "
        + subject.failed().version() + " " + subject.failed().className() + " (" + subject.kind() + ")",
        Optional.of(subject.incident().webUrl()));
    return refreshed(change.workflow, settings);
  }

  /** Applies a person's decision, or rejects it naming the field or the state, the value and what was expected. */
  public static IncidentDecision decide(IncidentWorkflow workflow, IncidentRequest request, IncidentSettings settings) {
    if (request.actor() == null || request.actor().isBlank()) {
      return invalid("actor: required: who decides (got nothing)");
    }
    if (request instanceof DecideBlock block) {
      return block(workflow, block, settings);
    }
    if (request instanceof ChoosePlan plan) {
      return plan(workflow, plan, settings);
    }
    if (request instanceof HandOver handOver) {
      return handOver(workflow, handOver, settings);
    }
    return answer(workflow, (AnswerFollowUp) request, settings);
  }

  /** Applies what pdm saw in GitLab, in its runs, or as a command's outcome. */
  public static IncidentDecision observe(IncidentWorkflow workflow, IncidentObservation observation,
      IncidentSettings settings) {
    Change change = new Change(workflow, settings);
    if (observation instanceof IncidentSeen seen) {
      resolve(change, seen, settings);
    } else if (observation instanceof MergeRequestSeen seen) {
      mergeRequest(change, seen);
    } else if (observation instanceof ChangeRequestSeen seen) {
      changeRequest(change, seen);
    } else if (observation instanceof NextRunSeen seen) {
      nextRun(change, seen);
    } else if (observation instanceof ReleaseItemShipped shipped) {
      shipped(change, shipped);
    } else if (observation instanceof NotePosted posted) {
      change.workflow = change.workflow.withTimeline(change.workflow.timeline().stream()
          .map(e -> e.number() == posted.entry() ? e.posted() : e).toList());
    } else if (observation instanceof NoteRefused refused) {
      change.workflow = change.workflow.withTimeline(change.workflow.timeline().stream()
          .map(e -> e.number() == refused.entry() ? e.refused(refused.detail()) : e).toList());
    } else if (observation instanceof ReleaseItemWritten written) {
      written(change, written);
    } else {
      refused(change, (ReleaseItemRefused) observation);
    }
    return change.done(workflow);
  }

  /** Why pdm does not offer a new run now, or empty when it does (the plan's fix is ready, no run started since). */
  public static Optional<String> rerunRefusal(IncidentWorkflow workflow) {
    return OpenItems.rerunRefusal(workflow);
  }

  // --- requests ---------------------------------------------------------------------------------------------------

  private static IncidentDecision block(IncidentWorkflow workflow, DecideBlock request, IncidentSettings settings) {
    Optional<String> reason = reasonProblem(request.reason());
    if (reason.isPresent()) {
      return invalid(reason.get());
    }
    if (workflow.resolved()) {
      return conflict("the incident #" + workflow.subject().incident().iid() + " was resolved ("
          + workflow.resolution().get().how() + "): a decision on blocking deployments no longer applies");
    }
    boolean wasBlocking = workflow.block().map(BlockDecision::blocking).orElse(false);
    Change change = new Change(workflow.withBlock(new BlockDecision(request.blocks(), request.actor(),
        request.reason(), request.at(), Optional.empty())), settings);
    Subject subject = workflow.subject();
    int entry = change.entry(Kind.BLOCK_DECIDED, request.at(), request.actor(), (request.blocks()
        ? "Blocks deployments: " : "Does not block deployments: ") + request.reason(), Optional.empty());
    if (request.blocks() != wasBlocking) {
      change.commands.add(new LabelIncident(subject.stageId(), entry, settings.blockerLabel(), request.blocks()));
    }
    change.note(entry, IncidentNotes.block(subject, request.blocks(), request.actor(), request.reason(), request.at(),
        settings.blockerLabel()));
    if (request.blocks()) {
      change.announce(entry, "Deployments blocked by a failed post-deploy migration", List.of(
          failure(subject), "Decided by " + request.actor() + ": " + request.reason(),
          "Label '" + settings.blockerLabel() + "' added to the incident: production checks block runs until the fix"
              + " is everywhere."), Optional.of(subject.incident().webUrl()));
    }
    return change.done(workflow);
  }

  private static IncidentDecision plan(IncidentWorkflow workflow, ChoosePlan request, IncidentSettings settings) {
    MitigationPlan plan = request.plan();
    List<String> problems = new ArrayList<>();
    reasonProblem(plan.reason()).ifPresent(problems::add);
    switch (plan.kind()) {
      case NOOP_MR -> {
        if (plan.mergeRequest().isEmpty()) {
          problems.add("merge_request: required for a no-op plan: the merge request that makes the migration a no-op"
              + " (got nothing)");
        }
      }
      case MARK_COMPLETE -> {
        if (plan.markComplete().isEmpty()) {
          problems.add("change_request: required for a mark-complete plan: the change request that marks the"
              + " migration complete (got nothing)");
        }
      }
      case OTHER -> {
        if (plan.link().filter(l -> l.matches("https?://\\S+")).isEmpty()) {
          problems.add("link: required for an 'other' plan: an http(s) URL where it is described (got "
              + plan.link().orElse("nothing") + ")");
        }
      }
      case RETRY -> {
      }
    }
    if (!problems.isEmpty()) {
      return invalid(String.join("; ", problems));
    }
    Subject subject = workflow.subject();
    if (plan.kind() == MitigationPlan.Kind.MARK_COMPLETE && subject.kind() == MigrationKind.DDL) {
      return conflict("kind: mark-complete is for a data migration (DML); " + subject.failed().version() + " is a schema"
          + " change (DDL), whose changes would be left undone: make it a no-op instead (got mark-complete)");
    }
    Change change = new Change(workflow.withPlan(plan).withReadiness(Optional.empty(), Optional.empty()), settings);
    if (plan.kind() == MitigationPlan.Kind.MARK_COMPLETE
        && workflow.followUps().stream().noneMatch(f -> f.key().equals(SELF_MANAGED))) {
      List<FollowUp> followUps = new ArrayList<>(workflow.followUps());
      followUps.add(new FollowUp(SELF_MANAGED, "Is the migration safe for self-managed instances? (it was marked"
          + " complete by hand here)", Optional.empty(), Optional.empty(), Optional.empty()));
      change.workflow = change.workflow.withFollowUps(followUps);
    }
    int entry = change.entry(Kind.PLAN_CHOSEN, plan.at(), plan.actor(), "Plan: " + plan.kind().words() + planTarget(plan)
        + ": " + plan.reason(), planLink(plan));
    change.note(entry, IncidentNotes.plan(subject, plan));
    change.announce(entry, "Mitigation plan: " + plan.kind().words(), List.of(failure(subject),
        "Recorded by " + plan.actor() + planTarget(plan) + ": " + plan.reason()), planLink(plan));
    return change.done(workflow);
  }

  private static IncidentDecision handOver(IncidentWorkflow workflow, HandOver request, IncidentSettings settings) {
    String to = request.to() == null ? "" : request.to().strip().replaceFirst("^@", "");
    if (!USERNAME.matcher(to).matches()) {
      return invalid("to: expected the GitLab username of the release manager taking over, such as alice-nguyen (got "
          + (request.to() == null || request.to().isBlank() ? "nothing" : request.to()) + ")");
    }
    if (!settings.releaseManagers().isEmpty() && !settings.releaseManagers().contains(to)) {
      return invalid("to: expected one of the release managers " + settings.releaseManagers() + " (got " + to + ")");
    }
    String summary = request.summary() == null || request.summary().isBlank() ? workflow.handoverDraft()
        : request.summary().strip();
    if (summary.length() > 10_000) {
      return invalid("summary: expected at most 10000 characters (got " + summary.length() + ")");
    }
    Change change = new Change(workflow.withHandover(new Handover(request.actor(), to, summary, request.at())), settings);
    int entry = change.entry(Kind.HANDED_OVER, request.at(), request.actor(), "Handed over to @" + to,
        Optional.empty());
    change.note(entry, IncidentNotes.handover(request.actor(), to, summary));
    List<String> lines = new ArrayList<>(List.of(request.actor() + " hands the incident workflow over to @" + to + "."));
    lines.addAll(summary.lines().toList());
    change.announce(entry, "Hand-over: " + workflow.subject().stageId(), lines,
        Optional.of(workflow.subject().incident().webUrl()));
    return change.done(workflow);
  }

  private static IncidentDecision answer(IncidentWorkflow workflow, AnswerFollowUp request, IncidentSettings settings) {
    Optional<FollowUp> followUp = workflow.followUps().stream().filter(f -> f.key().equals(request.key())).findFirst();
    if (followUp.isEmpty()) {
      return invalid("key: expected one of the workflow's follow-ups " + workflow.followUps().stream()
          .map(FollowUp::key).toList() + " (got " + request.key() + ")");
    }
    Optional<String> reason = reasonProblem(request.answer()).map(p -> p.replaceFirst("^reason", "answer"));
    if (reason.isPresent()) {
      return invalid(reason.get());
    }
    if (followUp.get().done()) {
      return conflict("follow-up " + request.key() + " was answered by " + followUp.get().doneBy().orElse("?") + " at "
          + followUp.get().doneAt().orElseThrow());
    }
    Change change = new Change(workflow.withFollowUps(workflow.followUps().stream()
        .map(f -> f.key().equals(request.key()) ? new FollowUp(f.key(), f.text(), Optional.of(request.actor()),
            Optional.of(request.answer()), Optional.of(request.at())) : f).toList()), settings);
    int entry = change.entry(Kind.FOLLOW_UP_DONE, request.at(), request.actor(), "Follow-up answered: "
        + followUp.get().text() + " " + request.answer(), Optional.empty());
    change.note(entry, IncidentNotes.followUp(followUp.get(), request.actor(), request.answer()));
    return change.done(workflow);
  }

  // --- observations -----------------------------------------------------------------------------------------------

  private static void resolve(Change change, IncidentSeen seen, IncidentSettings settings) {
    IncidentWorkflow workflow = change.workflow;
    if (workflow.resolved() || seen.resolvedHow().isEmpty()) {
      return;
    }
    Subject subject = workflow.subject();
    List<ReleaseItem> items = new ArrayList<>(workflow.releaseItems());
    workflow.plan().flatMap(MitigationPlan::mergeRequest)
        .filter(mr -> items.stream().noneMatch(i -> i.mergeRequestIid() == mr.iid()))
        .ifPresent(mr -> items.add(new ReleaseItem("mr-" + mr.iid(), mr.iid(), mr.webUrl(),
            ReleaseItem.Status.ADD_REQUESTED, Optional.empty(), Optional.empty())));
    change.workflow = workflow.withResolution(new Resolution(seen.at(), seen.resolvedHow().get()))
        .withReleaseItems(items);
    int entry = change.entry(Kind.RESOLVED, seen.at(), PDM, "The incident is resolved (" + seen.resolvedHow().get()
        + ")" + (settings.releaseManagers().isEmpty() ? "" : "; release managers pinged: "
        + settings.releaseManagers().stream().map(u -> "@" + u).collect(Collectors.joining(" "))),
        Optional.of(subject.incident().webUrl()));
    change.note(entry, IncidentNotes.resolved(seen.resolvedHow().get(), settings.releaseManagers(), items));
    items.stream().filter(i -> i.status() == ReleaseItem.Status.ADD_REQUESTED).forEach(item -> change.commands.add(
        new AddReleaseItem(subject.stageId(), item.key(), IncidentNotes.releaseLine(subject, item))));
    change.announce(entry, "Incident resolved: " + subject.failed().className(), List.of(failure(subject),
        "Resolved (" + seen.resolvedHow().get() + ")." + (items.isEmpty() ? "" : " Fix to ship in the monthly release: "
        + items.stream().map(i -> "!" + i.mergeRequestIid()).collect(Collectors.joining(", ")) + ".")),
        Optional.of(subject.incident().webUrl()));
  }

  private static void mergeRequest(Change change, MergeRequestSeen seen) {
    IncidentWorkflow workflow = change.workflow;
    Optional<MitigationPlan> plan = workflow.plan().filter(p -> p.kind() == MitigationPlan.Kind.NOOP_MR);
    Optional<FixMergeRequest> before = plan.flatMap(MitigationPlan::mergeRequest)
        .filter(mr -> mr.iid() == seen.mergeRequest().iid());
    if (before.isEmpty() || before.get().equals(seen.mergeRequest())) {
      return;
    }
    FixMergeRequest now = seen.mergeRequest();
    change.workflow = workflow.withPlan(plan.get().withMergeRequest(now));
    if (now.merged() && !before.get().merged()) {
      int entry = change.entry(Kind.FIX_MERGED, seen.at(), PDM, "!" + now.iid() + " is merged (merge commit "
          + now.mergeCommitSha().get() + ")", Optional.of(now.webUrl()));
      change.note(entry, IncidentNotes.merged(now));
    }
    List<String> reached = now.onEnvironments().stream().filter(e -> !before.get().onEnvironments().contains(e))
        .toList();
    if (!reached.isEmpty()) {
      List<String> missing = workflow.subject().environments().stream().filter(e -> !now.onEnvironments().contains(e))
          .toList();
      int entry = change.entry(Kind.FIX_DEPLOYED, seen.at(), PDM, "!" + now.iid() + " runs on "
          + String.join(", ", reached) + (missing.isEmpty() ? "" : "; still to reach: " + String.join(", ", missing)),
          Optional.of(now.webUrl()));
      change.note(entry, IncidentNotes.deployed(now, reached, missing));
    }
    ready(change, seen.at());
  }

  private static void changeRequest(Change change, ChangeRequestSeen seen) {
    IncidentWorkflow workflow = change.workflow;
    ChangeRequest now = seen.changeRequest();
    Optional<MitigationPlan> plan = workflow.plan().filter(p -> p.kind() == MitigationPlan.Kind.MARK_COMPLETE);
    Optional<ChangeRequest> before = plan.stream().flatMap(p -> p.changeRequests().stream())
        .filter(cr -> cr.iid() == now.iid()).findFirst();
    if (before.isEmpty() || before.get().equals(now)) {
      return;
    }
    change.workflow = workflow.withPlan(plan.get().withChangeRequest(now));
    if (!before.get().state().equals(now.state()) || !changeLabels(before.get()).equals(changeLabels(now))) {
      String role = plan.get().markComplete().filter(cr -> cr.iid() == now.iid()).isPresent() ? "mark complete"
          : "clean up";
      int entry = change.entry(Kind.CHANGE_REQUEST, seen.at(), PDM, "Change request #" + now.iid() + " (" + role
          + ") is " + now.state() + (changeLabels(now).isEmpty() ? "" : " " + changeLabels(now)),
          Optional.of(now.webUrl()));
      change.note(entry, IncidentNotes.changeRequestMoved(now, role));
    }
    ready(change, seen.at());
  }

  /** The first time the plan's fix is complete: lift a block pdm added, and say a new run may pass the migration. */
  private static void ready(Change change, Instant at) {
    IncidentWorkflow workflow = change.workflow;
    MitigationPlan plan = workflow.plan().orElseThrow();
    if (workflow.readyAt().isPresent() || !plan.ready(workflow.subject().environments())) {
      return;
    }
    Subject subject = workflow.subject();
    change.workflow = workflow.withReadiness(Optional.of(at), Optional.empty());
    workflow.block().filter(BlockDecision::blocking).ifPresent(block -> {
      change.workflow = change.workflow.withBlock(new BlockDecision(block.blocks(), block.actor(), block.reason(),
          block.at(), Optional.of(at)));
      int entry = change.entry(Kind.BLOCK_LIFTED, at, PDM, "The fix reached every environment: the failure no longer"
          + " blocks deployments (label '" + change.settings.blockerLabel() + "' removed)", Optional.empty());
      change.commands.add(new LabelIncident(subject.stageId(), entry, change.settings.blockerLabel(), false));
      change.note(entry, IncidentNotes.lifted(change.settings.blockerLabel()));
    });
    int entry = change.entry(Kind.READY_TO_RERUN, at, PDM, "Ready to re-run: " + (plan.kind()
        == MitigationPlan.Kind.NOOP_MR ? "the no-op migration runs on " + String.join(", ", subject.environments())
        : "the migration was marked complete") + "; pdm offers a new run", Optional.empty());
    change.note(entry, IncidentNotes.ready(subject, plan));
    change.announce(entry, "Ready to re-run post-deploy migrations", List.of(failure(subject), plan.kind()
        == MitigationPlan.Kind.NOOP_MR ? "The no-op merge request runs on " + String.join(", ", subject.environments())
        + "." : "The mark-complete change request is done.", "pdm offers a new run, with the usual production checks."),
        Optional.empty());
  }

  private static void nextRun(Change change, NextRunSeen seen) {
    IncidentWorkflow workflow = change.workflow;
    NextRun now = seen.run();
    Optional<NextRun> before = workflow.nextRun();
    if (workflow.readyAt().isEmpty() || before.filter(r -> !r.runId().equals(now.runId())).isPresent()
        || before.filter(now::equals).isPresent()) {
      return;
    }
    change.workflow = workflow.withReadiness(workflow.readyAt(), Optional.of(now));
    boolean first = before.isEmpty();
    boolean ended = now.finished() && before.map(r -> !r.finished()).orElse(true);
    if (first || ended) {
      int entry = change.entry(Kind.NEXT_RUN, seen.at(), PDM, "Run " + now.runId() + (now.finished() ? " ended "
          : " started, ") + now.status() + (now.finished() ? " (" + workflow.subject().environment() + ": "
          + now.stageStatus().toLowerCase(java.util.Locale.ROOT) + ")" : "") + now.versionStillPending()
          .map(pending -> "; " + workflow.subject().failed().version() + (pending ? " is still pending" : " is no longer"
              + " pending") + " on " + workflow.subject().environment()).orElse(""), Optional.empty());
      change.note(entry, IncidentNotes.nextRun(workflow.subject(), now));
    }
  }

  private static void shipped(Change change, ReleaseItemShipped shipped) {
    change.workflow = change.workflow.withReleaseItems(change.workflow.releaseItems().stream().map(item -> {
      if (!item.key().equals(shipped.key()) || item.status() != ReleaseItem.Status.ADDED) {
        return item;
      }
      change.commands.add(new TickReleaseItem(change.workflow.stageId(), item.key()));
      return item.with(ReleaseItem.Status.TICK_REQUESTED, Optional.empty(), Optional.empty());
    }).toList());
  }

  private static void written(Change change, ReleaseItemWritten written) {
    ReleaseItem.Status from = written.ticked() ? ReleaseItem.Status.TICK_REQUESTED : ReleaseItem.Status.ADD_REQUESTED;
    Optional<ReleaseItem> item = change.workflow.releaseItems().stream()
        .filter(i -> i.key().equals(written.key()) && i.status() == from).findFirst();
    if (item.isEmpty()) {
      return;
    }
    ReleaseItem next = item.get().with(written.ticked() ? ReleaseItem.Status.TICKED : ReleaseItem.Status.ADDED,
        Optional.of(written.issueUrl()), Optional.empty());
    change.workflow = change.workflow.withReleaseItems(change.workflow.releaseItems().stream()
        .map(i -> i.key().equals(written.key()) ? next : i).toList());
    change.entry(Kind.RELEASE_ITEM, written.at(), PDM, written.ticked()
        ? "Release checklist ticked: !" + next.mergeRequestIid() + " is on " + String.join(", ",
            change.workflow.subject().productionEnvironments())
        : "Release checklist item added: ensure !" + next.mergeRequestIid() + " is in the monthly release",
        Optional.of(written.issueUrl()));
  }

  private static void refused(Change change, ReleaseItemRefused refused) {
    Optional<ReleaseItem> item = change.workflow.releaseItems().stream()
        .filter(i -> i.key().equals(refused.key()) && i.status() != ReleaseItem.Status.FAILED).findFirst();
    if (item.isEmpty()) {
      return;
    }
    change.workflow = change.workflow.withReleaseItems(change.workflow.releaseItems().stream()
        .map(i -> i.key().equals(refused.key()) ? i.with(ReleaseItem.Status.FAILED, Optional.empty(),
            Optional.of(refused.detail())) : i).toList());
    change.entry(Kind.RELEASE_ITEM, refused.at(), PDM, "Release checklist item for !" + item.get().mergeRequestIid()
        + " could not be written: " + refused.detail(), Optional.empty());
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  /** Recomputes what is derived: open items, the hand-over draft, and whether pdm keeps following. */
  static IncidentWorkflow refreshed(IncidentWorkflow workflow, IncidentSettings settings) {
    List<String> items = OpenItems.of(workflow, settings);
    return workflow.withDerived(items, HandoverSummary.of(workflow, items), OpenItems.following(workflow));
  }

  private static String failure(Subject subject) {
    return subject.failed().version() + " " + subject.failed().className() + " failed on " + subject.environment()
        + ": " + subject.failed().errorClass();
  }

  private static String planTarget(MitigationPlan plan) {
    return plan.mergeRequest().map(mr -> " with !" + mr.iid())
        .or(() -> plan.markComplete().map(cr -> " with change request #" + cr.iid()
            + plan.cleanup().map(c -> " and #" + c.iid()).orElse("")))
        .orElse("");
  }

  private static Optional<String> planLink(MitigationPlan plan) {
    return plan.mergeRequest().map(FixMergeRequest::webUrl).or(() -> plan.markComplete().map(ChangeRequest::webUrl))
        .or(plan::link);
  }

  private static List<String> changeLabels(ChangeRequest cr) {
    return cr.labels().stream().filter(l -> l.startsWith("change::")).sorted().toList();
  }

  private static Optional<String> reasonProblem(String reason) {
    if (reason == null || reason.isBlank()) {
      return Optional.of("reason: required: say why, in words the incident and the audit trail will keep (got "
          + (reason == null ? "nothing" : "\"" + reason + "\"") + ")");
    }
    return reason.length() > 2000 ? Optional.of("reason: expected at most 2000 characters (got " + reason.length()
        + ")") : Optional.empty();
  }

  private static IncidentDecision invalid(String reason) {
    return new IncidentDecision.Rejected(Decision.Rejected.Cause.INVALID_REQUEST, reason);
  }

  private static IncidentDecision conflict(String reason) {
    return new IncidentDecision.Rejected(Decision.Rejected.Cause.CONFLICT, reason);
  }

  /** A change being made: the workflow so far, the commands asked for and the entries added, in order. */
  private static final class Change {
    private IncidentWorkflow workflow;
    private final List<IncidentCommand> commands = new ArrayList<>();
    private final List<WorkflowEntry> entries = new ArrayList<>();
    private final IncidentSettings settings;

    Change(IncidentWorkflow workflow, IncidentSettings settings) {
      this.workflow = workflow;
      this.settings = settings;
    }

    int entry(Kind kind, Instant at, String actor, String text, Optional<String> link) {
      int number = workflow.timeline().stream().mapToInt(WorkflowEntry::number).max().orElse(0) + 1;
      WorkflowEntry entry = new WorkflowEntry(number, kind, at, actor, text, link, false, false, Optional.empty());
      List<WorkflowEntry> timeline = new ArrayList<>(workflow.timeline());
      timeline.add(entry);
      workflow = workflow.withTimeline(timeline);
      entries.add(entry);
      return number;
    }

    /** Asks for entry {@code number}'s note on the incident. */
    void note(int number, String body) {
      workflow = workflow.withTimeline(workflow.timeline().stream().map(e -> e.number() == number
          ? new WorkflowEntry(e.number(), e.kind(), e.at(), e.actor(), e.text(), e.link(), true, false, Optional.empty())
          : e).toList());
      entries.replaceAll(e -> e.number() == number ? workflow.entry(number).orElseThrow() : e);
      commands.add(new NoteOnIncident(workflow.stageId(), number, body));
    }

    void announce(int number, String title, List<String> lines, Optional<String> link) {
      commands.add(new AnnounceIncidentStep(workflow.stageId(), number, title, lines, link));
    }

    IncidentDecision done(IncidentWorkflow before) {
      if (Objects.equals(workflow, before) && commands.isEmpty()) {
        return new IncidentDecision.Unchanged();
      }
      return new IncidentDecision.Changed(refreshed(workflow, settings), commands, entries);
    }
  }
}
