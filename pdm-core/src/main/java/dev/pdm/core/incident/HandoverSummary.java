package dev.pdm.core.incident;

import dev.pdm.core.incident.IncidentWorkflow.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary a hand-over starts from: what failed, the decisions so far, and the open items. Plain text; the note
 * and the chat message each make it safe for where it goes.
 */
final class HandoverSummary {
  private HandoverSummary() {
  }

  static String of(IncidentWorkflow workflow, List<String> openItems) {
    Subject subject = workflow.subject();
    List<String> lines = new ArrayList<>();
    lines.add("Post-deploy migration " + subject.failed().version() + " " + subject.failed().className()
        + " failed on " + subject.environment() + " (run " + subject.runId() + ", " + subject.stageId() + " attempt "
        + subject.attempt() + "): " + subject.failed().errorClass() + ": " + firstLine(subject.failed().errorMessage()));
    lines.add("Incident: " + subject.incident().webUrl());
    lines.add("Kind: " + subject.kind() + subject.introducedBy().map(mr -> ", introduced by !" + mr.iid()).orElse(""));
    lines.add("Blocks deployments: " + workflow.block().map(b -> (b.blocks() ? "yes" : "no") + " (" + b.actor() + ": "
        + firstLine(b.reason()) + ")" + (b.liftedAt().isPresent() ? ", lifted once the fix reached every environment"
        : "")).orElse("not decided yet"));
    lines.add("Plan: " + workflow.plan().map(HandoverSummary::plan).orElse("not agreed yet"));
    workflow.resolution().ifPresent(r -> lines.add("Incident resolved (" + r.how() + ")"));
    lines.add(openItems.isEmpty() ? "Open items: none" : "Open items:");
    openItems.forEach(item -> lines.add("- " + item));
    return String.join("\n", lines);
  }

  private static String plan(MitigationPlan plan) {
    String what = switch (plan.kind()) {
      case NOOP_MR -> plan.mergeRequest().map(mr -> "no-op merge request !" + mr.iid() + " (" + mr.state()
          + (mr.onEnvironments().isEmpty() ? "" : ", on " + String.join(", ", mr.onEnvironments())) + ")").orElse("");
      case MARK_COMPLETE -> plan.markComplete().map(cr -> "change request #" + cr.iid() + " (" + cr.state() + ")")
          .orElse("") + plan.cleanup().map(cr -> ", clean-up change request #" + cr.iid() + " (" + cr.state() + ")")
          .orElse(", clean-up change request not linked");
      case RETRY -> "retry";
      case OTHER -> plan.link().orElse("");
    };
    return plan.kind().words() + " — " + what + " (" + plan.actor() + ": " + firstLine(plan.reason()) + ")";
  }

  private static String firstLine(String text) {
    String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
