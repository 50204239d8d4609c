package dev.pdm.core.chatops;

import dev.pdm.core.chatops.ChatAnswer.Action;
import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import dev.pdm.core.chatops.ChatAnswer.Style;
import dev.pdm.core.notify.StageNames;
import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.CheckVerdict;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.RunStatus;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageStatus;
import dev.pdm.core.triage.DatabaseApprover;
import dev.pdm.core.triage.TriageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A run in chat, as {@code /pdm run} answers it and as the run's channel message shows it (updated in place): its
 * stages with status, attempt and links, the triage of a failed stage, and, while it waits for a person, buttons for
 * the decisions (retry, mitigate, cancel), each asking for a reason.
 */
public final class RunAnswer {
  /** Action ids of the decision buttons; the value is {@code <run id> <stage id>}. */
  public static final String RETRY = "pdm_retry";
  public static final String MITIGATE = "pdm_mitigate";
  public static final String CANCEL = "pdm_cancel";
  private final StageNames names;
  private final String slashCommand;
  private final UnaryOperator<String> runUrl;

  /**
   * @param runUrl the run's page in pdm, from its id
   */
  public RunAnswer(StageNames names, String slashCommand, UnaryOperator<String> runUrl) {
    this.names = names;
    this.slashCommand = slashCommand;
    this.runUrl = runUrl;
  }

  /** The whole run: summary, triage of each failed stage, and the buttons for what it waits for. */
  public ChatAnswer of(Run run, Map<String, TriageReport> triage) {
    List<Part> parts = new ArrayList<>(summary(run));
    run.stages().stream().filter(s -> s.status() == StageStatus.FAILED)
        .forEach(s -> parts.addAll(triage(run, s, Optional.ofNullable(triage.get(s.id())))));
    return new ChatAnswer(title(run), parts, actions(run));
  }

  /** "Post-deploy migrations run 1b3464d2: running". */
  public static String title(Run run) {
    return "Post-deploy migrations run " + ChatWords.shortId(run.id()) + ": " + ChatWords.words(run.status().name());
  }

  /** Who started it and when, then one line per stage; a link to the run's page. */
  public List<Part> summary(Run run) {
    List<Line> lines = new ArrayList<>();
    lines.add(Line.labelled("Run", new Span.Link(runUrl.apply(run.id()), ChatWords.shortId(run.id())),
        new Span.Text(" · "), new Span.Bold(ChatWords.words(run.status().name())),
        new Span.Text(" · requested by " + run.requestedBy() + " at " + ChatWords.time(run.createdAt()))));
    run.stages().forEach(stage -> lines.add(stage(stage).bullet()));
    return List.of(new Part.Lines(lines));
  }

  private Line stage(Stage stage) {
    List<Span> spans = new ArrayList<>(List.of(new Span.Text(names.of(stage.spec()) + " — "),
        new Span.Bold(ChatWords.words(stage.status().name()))));
    if (stage.attemptNumber() > 0) {
      spans.add(new Span.Text(" · attempt " + stage.attemptNumber()));
    }
    Optional<Attempt> attempt = stage.currentAttempt();
    attempt.flatMap(Attempt::pipeline).ifPresent(p -> {
      spans.add(new Span.Text(" · "));
      spans.add(new Span.Link(p.webUrl(), "pipeline #" + p.id()));
    });
    attempt.flatMap(Attempt::job).ifPresent(j -> {
      spans.add(new Span.Text(" · "));
      spans.add(new Span.Link(j.webUrl(), "job " + j.name()));
    });
    if (stage.status() == StageStatus.BLOCKED) {
      stage.checks().stream().filter(c -> c.outcome() != CheckVerdict.Outcome.PASS).forEach(c -> spans.add(
          new Span.Text(" · " + c.name() + ": " + ChatWords.cut(String.join(" ", c.reasons()), 200))));
    }
    if (stage.status() == StageStatus.FAILED) {
      attempt.flatMap(Attempt::failure).ifPresent(f -> spans.add(new Span.Text(" · "
          + ChatWords.words(f.kind().name()))));
    }
    stage.resolution().ifPresent(r -> spans.add(new Span.Text(" · resolved by " + ChatWords.words(r.kind().name())
        + " (" + r.actor() + ")")));
    return new Line(spans);
  }

  /**
   * What triage found about a failed stage, with who wrote and approved the migration and the incident; says that pdm
   * does not retry it by itself.
   */
  public List<Part> triage(Run run, Stage stage, Optional<TriageReport> found) {
    Optional<Attempt> attempt = stage.currentAttempt();
    List<Line> lines = new ArrayList<>();
    lines.add(Line.of(new Span.Bold("Triage of " + names.of(stage.spec()) + " (attempt " + stage.attemptNumber()
        + ")")));
    List<Part> parts = new ArrayList<>();
    if (found.isEmpty()) {
      String state = attempt.flatMap(Attempt::triage).flatMap(t -> t.summary()).orElse("triage is running");
      lines.add(Line.text(ChatWords.cut(state, 500)));
    } else {
      TriageReport report = found.get();
      lines.add(Line.labelled("Migration", new Span.Code(report.failed().version()),
          new Span.Text(" " + report.failed().className())));
      report.filePath().ifPresent(path -> lines.add(Line.labelled("File",
          report.fileUrl().<Span>map(url -> new Span.Link(url, path)).orElse(new Span.Code(path)))));
      report.mergeRequest().ifPresent(mr -> lines.add(Line.labelled("Merge request",
          new Span.Link(mr.webUrl(), "!" + mr.iid()), new Span.Text(" " + ChatWords.cut(mr.title(), 120)))));
      lines.add(Line.labelled("Author", new Span.Text(report.author().map(a -> "@" + a).orElse("not found"))));
      lines.add(Line.labelled("Database maintainer", new Span.Text(report.approver().map(RunAnswer::approver)
          .orElse("not found"))));
      lines.add(Line.labelled("Kind", new Span.Text(report.kind().name())));
      report.jobUrl().ifPresent(url -> lines.add(Line.labelled("Job", new Span.Link(url, "job " + report.jobId()))));
    }
    parts.add(new Part.Lines(lines));
    found.ifPresent(report -> parts.add(new Part.Verbatim(report.failed().errorClass() + ": "
        + report.failed().errorMessage())));
    List<Line> decide = new ArrayList<>();
    attempt.flatMap(Attempt::triage).flatMap(t -> t.incidentUrl())
        .ifPresent(url -> decide.add(Line.labelled("Incident", new Span.Link(url, url))));
    decide.add(Line.text("Not retried automatically: pdm never runs a failed migration again by itself. Decide with a "
        + "reason: " + slashCommand + " retry " + stage.id() + " <reason…>, or " + slashCommand + " mitigate "
        + stage.id() + " <noop | mark-complete | other> <reason…>."));
    parts.add(new Part.Lines(decide));
    parts.add(new Part.SmallPrint(List.of(Line.of(new Span.Link(runUrl.apply(run.id()), "Open the run in pdm")))));
    return parts;
  }

  private static String approver(DatabaseApprover approver) {
    return "@" + approver.username() + (approver.how() == DatabaseApprover.How.APPROVED ? " (approved the merge request)"
        : " (added the database approval label)");
  }

  /** The decisions a run waits for, as buttons; none while it moves on its own or once it ended. */
  public List<Action> actions(Run run) {
    List<Action> actions = new ArrayList<>();
    if (run.status() == RunStatus.WAITING_FOR_DECISION) {
      run.stages().stream().filter(s -> s.status() == StageStatus.FAILED).findFirst().ifPresent(failed -> {
        String value = run.id() + " " + failed.id();
        actions.add(new Action(RETRY, "Retry " + failed.id() + "…", value, Style.PRIMARY, Optional.empty(),
            slashCommand + " retry " + failed.id() + " <reason…>"));
        actions.add(new Action(MITIGATE, "Record a mitigation…", value, Style.PLAIN, Optional.empty(),
            slashCommand + " mitigate " + failed.id() + " <noop | mark-complete | other> <reason…>"));
      });
    }
    if (run.status() == RunStatus.WAITING_FOR_DECISION || run.status() == RunStatus.BLOCKED) {
      actions.add(new Action(CANCEL, "Cancel the run…", run.id() + " -", Style.DANGER, Optional.empty(),
          slashCommand + " cancel <reason…>"));
    }
    return actions;
  }
}
