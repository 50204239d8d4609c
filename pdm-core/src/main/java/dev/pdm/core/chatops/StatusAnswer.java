package dev.pdm.core.chatops;

import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import dev.pdm.core.checks.CheckResult;
import dev.pdm.core.pending.DeployedPackage;
import dev.pdm.core.pending.PendingMigration;
import dev.pdm.core.pending.PendingReport;
import dev.pdm.core.run.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code status}: per environment the package running, the pending migrations with their merge requests, the checks
 * with their reasons; then the active run and its stages.
 */
public final class StatusAnswer {
  /** Pending migrations listed per environment before "and N more". */
  static final int MIGRATIONS_SHOWN = 15;

  private StatusAnswer() {
  }

  public static ChatAnswer of(List<EnvironmentStatus> environments, Optional<Run> activeRun, RunAnswer runs) {
    List<Part> parts = new ArrayList<>();
    environments.forEach(e -> parts.add(new Part.Lines(environment(e))));
    ChatAnswer answer = new ChatAnswer("Post-deploy migrations: status", parts, List.of());
    if (activeRun.isEmpty()) {
      return answer.with(new Part.Lines(List.of(Line.labelled("Active run", new Span.Text("none")))));
    }
    return answer.with(runs.summary(activeRun.get()).toArray(Part[]::new));
  }

  /** The environment's lines: package, pending migrations, checks. */
  static List<Line> environment(EnvironmentStatus e) {
    List<Line> lines = new ArrayList<>();
    lines.add(Line.of(new Span.Bold(e.name())));
    e.packages().forEach(p -> lines.add(packageLine(p)));
    lines.addAll(pending(e));
    lines.addAll(checks(e));
    return lines;
  }

  private static Line packageLine(DeployedPackage p) {
    if (p.sha().isEmpty()) {
      return Line.labelled("Package in " + p.project(), new Span.Text(p.problem().orElse("unknown")));
    }
    List<Span> spans = new ArrayList<>(List.of(new Span.Bold("Package in " + p.project() + ":"), new Span.Text(" "),
        new Span.Code(p.ref().orElse(p.sha().get())), new Span.Text(" at "), new Span.Code(ChatWords.shortSha(
            p.sha().get()))));
    p.deployedAt().ifPresent(at -> spans.add(new Span.Text(", deployed " + ChatWords.time(at))));
    return new Line(spans);
  }

  private static List<Line> pending(EnvironmentStatus e) {
    if (e.pending().isEmpty()) {
      return List.of(Line.labelled("Pending", new Span.Text("unknown (" + e.pendingError().orElse("not read yet")
          + ")")));
    }
    PendingReport report = e.pending().get();
    List<Line> lines = new ArrayList<>();
    lines.add(Line.labelled("Pending", new Span.Text(report.migrations().size() + " migration"
        + (report.migrations().size() == 1 ? "" : "s") + " "), new Span.Code(ChatWords.shortSha(report.fromSha())
        + ".." + ChatWords.shortSha(report.toSha()))));
    report.migrations().stream().limit(MIGRATIONS_SHOWN).forEach(m -> lines.add(migration(m).bullet()));
    if (report.migrations().size() > MIGRATIONS_SHOWN) {
      lines.add(Line.text("… and " + (report.migrations().size() - MIGRATIONS_SHOWN) + " more"));
    }
    return lines;
  }

  /** {@code 20241105093011 AddIndex… — !171001 Title (@alice-nguyen)}. */
  static Line migration(PendingMigration m) {
    List<Span> spans = new ArrayList<>(List.of(new Span.Code(m.file().version()), new Span.Text(" "
        + m.file().className())));
    m.mergeRequest().ifPresent(mr -> {
      spans.add(new Span.Text(" — "));
      spans.add(new Span.Link(mr.webUrl(), "!" + mr.iid()));
      spans.add(new Span.Text(" " + ChatWords.cut(mr.title(), 80) + mr.author().map(a -> " (@" + a + ")")
          .orElse("")));
    });
    return new Line(spans);
  }

  private static List<Line> checks(EnvironmentStatus e) {
    if (e.checks().isEmpty()) {
      return List.of(Line.labelled("Checks", new Span.Text("unknown (" + e.checksError().orElse("not run yet")
          + ")")));
    }
    List<Line> lines = new ArrayList<>();
    lines.add(Line.labelled("Checks", new Span.Bold(e.checks().get().mayProceed() ? "PASS" : "BLOCKED"),
        new Span.Text(e.checks().get().mayProceed() ? " may proceed" : " a run may not proceed")));
    e.checks().get().results().forEach(c -> lines.add(check(c).bullet()));
    return lines;
  }

  private static Line check(CheckResult c) {
    List<Span> spans = new ArrayList<>(List.of(new Span.Text(c.check() + " "), new Span.Bold(c.verdict().name()),
        new Span.Text(" " + ChatWords.cut(String.join(" ", c.reasons()), 300))));
    c.links().stream().limit(3).forEach(link -> {
      spans.add(new Span.Text(" "));
      spans.add(new Span.Link(link, "link"));
    });
    return new Line(spans);
  }
}
