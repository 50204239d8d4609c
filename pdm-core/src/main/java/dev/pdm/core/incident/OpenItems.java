package dev.pdm.core.incident;

import dev.pdm.core.incident.IncidentWorkflow.NextRun;
import dev.pdm.core.incident.IncidentWorkflow.ReleaseItem;
import dev.pdm.core.incident.MitigationPlan.ChangeRequest;
import dev.pdm.core.incident.MitigationPlan.FixMergeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is still to do in a workflow, in words a release manager acts on; and whether pdm must keep reading GitLab for
 * it (an unresolved incident, a fix not yet everywhere, a next run not yet ended, a release item not yet ticked).
 */
final class OpenItems {
  private OpenItems() {
  }

  static List<String> of(IncidentWorkflow workflow, IncidentSettings settings) {
    List<String> items = new ArrayList<>();
    IncidentWorkflow.Subject subject = workflow.subject();
    if (workflow.block().isEmpty() && !workflow.resolved()) {
      items.add("Decide whether the failure blocks deployments");
    }
    workflow.plan().ifPresentOrElse(plan -> items.addAll(plan(workflow, plan)),
        () -> items.add("Agree a mitigation plan: " + suggestion(subject)));
    workflow.followUps().stream().filter(f -> !f.done()).forEach(f -> items.add("Follow-up: " + f.text()));
    if (!workflow.resolved()) {
      items.add("Resolve the incident #" + subject.incident().iid() + " (close it or label it " + settings.resolvedLabel()
          + ")");
    }
    workflow.releaseItems().forEach(item -> release(item, subject).ifPresent(items::add));
    return items;
  }

  static boolean following(IncidentWorkflow workflow) {
    boolean planFollowed = workflow.plan().map(plan -> switch (plan.kind()) {
      case NOOP_MR -> workflow.readyAt().isEmpty() || !workflow.nextRun().map(NextRun::finished).orElse(false);
      case MARK_COMPLETE -> workflow.readyAt().isEmpty() || !workflow.nextRun().map(NextRun::finished).orElse(false)
          || !plan.cleanup().map(ChangeRequest::done).orElse(false);
      case RETRY, OTHER -> false;
    }).orElse(false);
    boolean releasePending = workflow.releaseItems().stream().anyMatch(item ->
        item.status() != ReleaseItem.Status.TICKED && item.status() != ReleaseItem.Status.FAILED);
    return !workflow.resolved() || planFollowed || releasePending;
  }

  /** Why no new run is offered yet, or empty when it is. */
  static Optional<String> rerunRefusal(IncidentWorkflow workflow) {
    if (workflow.plan().isEmpty()) {
      return Optional.of("no mitigation plan is recorded yet: a new run is offered once the plan's fix is ready");
    }
    MitigationPlan plan = workflow.plan().get();
    if (plan.kind() == MitigationPlan.Kind.RETRY || plan.kind() == MitigationPlan.Kind.OTHER) {
      return Optional.of("the plan is '" + plan.kind().words() + "': it has no fix to wait for, so pdm offers no new"
          + " run (retry the stage, or start a run as usual)");
    }
    if (workflow.readyAt().isEmpty()) {
      return Optional.of("the plan's fix is not ready: " + String.join("; ", plan(workflow, plan)));
    }
    if (workflow.nextRun().isPresent()) {
      return Optional.of("run " + workflow.nextRun().get().runId() + " was already started after the fix was ready");
    }
    boolean liftPending = workflow.block().flatMap(IncidentWorkflow.BlockDecision::liftedAt).isPresent()
        && workflow.timeline().stream().anyMatch(e -> e.kind() == WorkflowEntry.Kind.BLOCK_LIFTED && !e.noteSettled());
    return liftPending ? Optional.of("pdm is still removing the deployment blocker label from the incident; try again"
        + " in a moment") : Optional.empty();
  }

  private static String suggestion(IncidentWorkflow.Subject subject) {
    return switch (subject.kind()) {
      case DDL -> "it is a schema change (DDL): make the migration a no-op (link the merge request)";
      case DML -> "it is a data change (DML): mark the migration complete and clean up (link the change requests)";
      case UNKNOWN -> "read the migration, then make it a no-op or mark it complete";
    };
  }

  private static List<String> plan(IncidentWorkflow workflow, MitigationPlan plan) {
    List<String> items = new ArrayList<>();
    IncidentWorkflow.Subject subject = workflow.subject();
    switch (plan.kind()) {
      case NOOP_MR -> {
        FixMergeRequest mr = plan.mergeRequest().orElseThrow();
        List<String> missing = subject.environments().stream().filter(e -> !mr.onEnvironments().contains(e)).toList();
        if (!mr.merged()) {
          items.add("Merge !" + mr.iid() + " (it is " + mr.state() + ")");
        } else if (!missing.isEmpty()) {
          items.add("Deploy !" + mr.iid() + " to " + String.join(", ", missing) + " (not in the package running there"
              + " yet)");
        }
      }
      case MARK_COMPLETE -> {
        plan.markComplete().filter(cr -> !cr.done()).ifPresent(cr -> items.add("Change request #" + cr.iid()
            + " (mark " + subject.failed().version() + " complete on " + subject.environment() + ") is " + cr.state()));
        plan.cleanup().ifPresentOrElse(cr -> {
          if (!cr.done()) {
            items.add("Change request #" + cr.iid() + " (clean up) is " + cr.state());
          }
        }, () -> items.add("Link the clean-up change request"));
      }
      case RETRY, OTHER -> {
        return items;
      }
    }
    if (workflow.readyAt().isPresent()) {
      workflow.nextRun().ifPresentOrElse(run -> nextRun(workflow, run).ifPresent(items::add),
          () -> items.add("Ready to re-run: start a new run" + (plan.kind() == MitigationPlan.Kind.MARK_COMPLETE
              ? " (pdm checks that " + subject.failed().version() + " is no longer pending on " + subject.environment()
              + ")" : "")));
    }
    return items;
  }

  private static Optional<String> nextRun(IncidentWorkflow workflow, NextRun run) {
    if (run.versionStillPending().orElse(false)) {
      return Optional.of(workflow.subject().failed().version() + " is still pending on "
          + workflow.subject().environment() + " in run " + run.runId() + ": the mark-complete change request did not"
          + " take effect");
    }
    if (!run.finished()) {
      return Optional.of("Run " + run.runId() + " is " + run.status());
    }
    return "succeeded".equals(run.status()) ? Optional.empty()
        : Optional.of("Run " + run.runId() + " ended " + run.status() + ": look at it");
  }

  private static Optional<String> release(ReleaseItem item, IncidentWorkflow.Subject subject) {
    return switch (item.status()) {
      case ADD_REQUESTED -> Optional.of("Ensure !" + item.mergeRequestIid() + " is in the monthly release (pdm is"
          + " adding it to the release issue)");
      case ADDED, TICK_REQUESTED -> Optional.of("Ensure !" + item.mergeRequestIid() + " is in the monthly release (not"
          + " on " + String.join(", ", subject.productionEnvironments()) + " yet)");
      case FAILED -> Optional.of("Ensure !" + item.mergeRequestIid() + " is in the monthly release: pdm could not"
          + " write it on the release issue (" + item.detail().orElse("unknown") + ")");
      case TICKED -> Optional.empty();
    };
  }
}
