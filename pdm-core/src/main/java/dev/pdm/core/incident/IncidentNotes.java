package dev.pdm.core.incident;

import dev.pdm.core.incident.IncidentWorkflow.ReleaseItem;
import dev.pdm.core.incident.IncidentWorkflow.Subject;
import dev.pdm.core.incident.MitigationPlan.ChangeRequest;
import dev.pdm.core.incident.MitigationPlan.FixMergeRequest;
import dev.pdm.core.triage.MarkdownText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The notes pdm posts on the incident, in markdown. Everything that comes from people or GitLab (reasons, summaries,
 * titles, pdm names) goes into code spans and fences, so a note can neither mention nor run a quick action; only
 * valid GitLab usernames (release managers, a hand-over's recipient) are mentioned.
 */
final class IncidentNotes {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private IncidentNotes() {
  }

  static String block(Subject subject, boolean blocks, String actor, String reason, Instant at, String label) {
    List<String> lines = new ArrayList<>();
    lines.add(blocks ? "**pdm · This failure blocks deployments**" : "**pdm · This failure does not block deployments**");
    lines.add("");
    lines.add("Decided by " + MarkdownText.code(actor) + " at " + TIME.format(at) + " about "
        + migration(subject) + ". Reason:");
    lines.add("");
    lines.add(MarkdownText.block(reason));
    if (blocks) {
      lines.add("");
      lines.add("pdm added the label " + MarkdownText.code(label) + ": its production checks block post-deploy"
          + " migration runs until the fix has reached every environment.");
    }
    return String.join("\n", lines);
  }

  static String plan(Subject subject, MitigationPlan plan) {
    List<String> lines = new ArrayList<>();
    lines.add("**pdm · Mitigation plan: " + plan.kind().words() + "**");
    lines.add("");
    lines.add("Recorded by " + MarkdownText.code(plan.actor()) + " at " + TIME.format(plan.at()) + " for "
        + migration(subject) + " (" + subject.kind() + "). Reason:");
    lines.add("");
    lines.add(MarkdownText.block(plan.reason()));
    lines.add("");
    String environments = environments(subject.environments());
    switch (plan.kind()) {
      case NOOP_MR -> {
        FixMergeRequest mr = plan.mergeRequest().orElseThrow();
        lines.add("1. Merge " + mergeRequest(mr) + ", which makes the migration a no-op.");
        lines.add("2. Deploy it to " + environments + ": pdm follows its merge commit into the package running on"
            + " each.");
        lines.add("3. Once it runs everywhere pdm says *ready to re-run* and offers a new run, with the usual"
            + " production checks; the no-op migration then passes.");
      }
      case MARK_COMPLETE -> {
        ChangeRequest markComplete = plan.markComplete().orElseThrow();
        lines.add("1. " + changeRequest(markComplete) + ": mark " + MarkdownText.code(subject.failed().version())
            + " complete on " + MarkdownText.code(subject.environment()) + ".");
        lines.add("2. " + plan.cleanup().map(IncidentNotes::changeRequest).orElse("A change request (to be linked)")
            + ": clean up after the migration.");
        lines.add("3. Once the first is done, pdm checks in the next run's pending migrations that "
            + MarkdownText.code(subject.failed().version()) + " is no longer pending.");
        lines.add("");
        lines.add("Follow-up: is the migration safe for self-managed instances?");
      }
      case RETRY -> lines.add("The failed stage is retried (pdm records the reason with the retry).");
      case OTHER -> lines.add("Described at " + MarkdownText.link("this link", plan.link().orElseThrow()) + ".");
    }
    return String.join("\n", lines);
  }

  static String merged(FixMergeRequest mr) {
    return "**pdm · " + mergeRequest(mr) + " is merged**\n\nMerge commit " + MarkdownText.code(
        mr.mergeCommitSha().orElse("unknown")) + ". pdm now follows it into the package of each environment.";
  }

  static String deployed(FixMergeRequest mr, List<String> reached, List<String> missing) {
    return "**pdm · " + mergeRequest(mr) + " runs on " + environments(reached) + "**\n\nIts merge commit is in the"
        + " package deployed there." + (missing.isEmpty() ? "" : " Still to reach: " + environments(missing) + ".");
  }

  static String changeRequestMoved(ChangeRequest cr, String role) {
    return "**pdm · " + changeRequest(cr) + " (" + role + ") is " + MarkdownText.code(cr.state()) + "**"
        + (cr.labels().isEmpty() ? "" : "\n\nLabels: " + cr.labels().stream().map(MarkdownText::code)
        .collect(Collectors.joining(", ")) + ".");
  }

  static String lifted(String label) {
    return "**pdm · This failure no longer blocks deployments**\n\nThe fix has reached every environment of the plan,"
        + " so pdm removed the label " + MarkdownText.code(label) + " it had added.";
  }

  static String ready(Subject subject, MitigationPlan plan) {
    String what = plan.kind() == MitigationPlan.Kind.NOOP_MR
        ? plan.mergeRequest().map(IncidentNotes::mergeRequest).orElse("the fix") + " runs on "
            + environments(subject.environments())
        : plan.markComplete().map(IncidentNotes::changeRequest).orElse("the change request") + " is done";
    return "**pdm · Ready to re-run**\n\n" + what + ". pdm offers a new post-deploy migration run, with the usual"
        + " production checks.";
  }

  static String nextRun(Subject subject, IncidentWorkflow.NextRun run) {
    List<String> lines = new ArrayList<>();
    lines.add("**pdm · Run " + MarkdownText.code(run.runId()) + " " + (run.finished() ? "ended: " : "started: ")
        + MarkdownText.code(run.status()) + "**");
    run.versionStillPending().ifPresent(pending -> {
      lines.add("");
      lines.add(pending
          ? MarkdownText.code(subject.failed().version()) + " is still pending on "
              + MarkdownText.code(subject.environment()) + ": that run's migration job migrated it again, so the"
              + " mark-complete change request did not take effect."
          : MarkdownText.code(subject.failed().version()) + " is no longer pending on "
              + MarkdownText.code(subject.environment()) + ": that run's migration job skipped it.");
    });
    if (run.finished()) {
      lines.add("");
      lines.add("Its stage on " + MarkdownText.code(subject.environment()) + " ended " + MarkdownText.code(
          run.stageStatus()) + ".");
    }
    return String.join("\n", lines);
  }

  static String handover(String from, String to, String summary) {
    return "**pdm · Hand-over to " + MarkdownText.mention(to) + "**\n\nFrom " + MarkdownText.code(from) + ":\n\n"
        + MarkdownText.block(summary);
  }

  static String followUp(IncidentWorkflow.FollowUp followUp, String actor, String answer) {
    return "**pdm · Follow-up answered**: " + followUp.text() + "\n\nBy " + MarkdownText.code(actor) + ":\n\n"
        + MarkdownText.block(answer);
  }

  static String resolved(String how, List<String> releaseManagers, List<ReleaseItem> items) {
    List<String> lines = new ArrayList<>();
    lines.add("**pdm · The incident is resolved** (" + MarkdownText.code(how) + ")");
    lines.add("");
    lines.add(releaseManagers.isEmpty() ? "No release managers are configured to ping."
        : releaseManagers.stream().map(MarkdownText::mention).collect(Collectors.joining(" "))
            + ": please make sure the fix reaches the monthly release.");
    if (!items.isEmpty()) {
      lines.add("");
      lines.add("pdm adds to the monthly release issue, and ticks once each is on production:");
      items.forEach(item -> lines.add("- ensure " + MarkdownText.link("!" + item.mergeRequestIid(),
          item.mergeRequestUrl()) + " is in the monthly release"));
    }
    return String.join("\n", lines);
  }

  /** The release issue's checklist line of {@code item}. */
  static String releaseLine(Subject subject, ReleaseItem item) {
    return "- [ ] Ensure " + MarkdownText.link("!" + item.mergeRequestIid(), item.mergeRequestUrl())
        + " is in the monthly release (fix for " + MarkdownText.link("incident #" + subject.incident().iid(),
        subject.incident().webUrl()) + ", post-deploy migration " + MarkdownText.code(subject.failed().version()) + ")";
  }

  static String migration(Subject subject) {
    return MarkdownText.code(subject.failed().version() + " " + subject.failed().className()) + " on "
        + MarkdownText.code(subject.environment());
  }

  private static String mergeRequest(FixMergeRequest mr) {
    return MarkdownText.link("!" + mr.iid(), mr.webUrl()) + " " + MarkdownText.code(mr.title());
  }

  private static String changeRequest(ChangeRequest cr) {
    return "change request " + MarkdownText.link("#" + cr.iid(), cr.webUrl()) + " " + MarkdownText.code(cr.title());
  }

  private static String environments(List<String> names) {
    return names.stream().map(MarkdownText::code).collect(Collectors.joining(", "));
  }
}
