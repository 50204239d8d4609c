package dev.pdm.core.chatops;

import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import dev.pdm.core.executed.EnvironmentAnswer;
import dev.pdm.core.executed.ExecutedReport;
import dev.pdm.core.executed.SourceAnswer;
import java.util.ArrayList;
import java.util.List;

/**
 * "Was it executed?" as {@code pdm executed} prints it: the subject and its commit, then per environment what each
 * source says (db/&lt;env&gt; deployments, the workflow label, pdm's runs), with details and links.
 */
public final class ExecutedAnswer {
  private ExecutedAnswer() {
  }

  /** {@code pdmUrl} makes pdm's own links (to its runs) absolute. */
  public static ChatAnswer of(ExecutedReport report, String pdmUrl) {
    List<Part> parts = new ArrayList<>();
    for (EnvironmentAnswer environment : report.environments()) {
      List<Line> lines = new ArrayList<>();
      lines.add(Line.of(new Span.Bold(environment.environment())));
      environment.sources().forEach(source -> lines.add(source(source, pdmUrl).bullet()));
      parts.add(new Part.Lines(lines));
    }
    String subject = report.subject() + report.sha().map(sha -> " (" + ChatWords.shortSha(sha) + ")").orElse("");
    return new ChatAnswer("Was it executed? " + subject, parts, List.of());
  }

  private static Line source(SourceAnswer source, String pdmUrl) {
    List<Span> spans = new ArrayList<>(List.of(new Span.Text(source.source() + " "),
        new Span.Bold(source.executed().name()), new Span.Text(" " + ChatWords.cut(source.detail(), 300))));
    source.link().ifPresent(link -> {
      spans.add(new Span.Text(" "));
      spans.add(new Span.Link(link.startsWith("/") ? pdmUrl + link : link, "link"));
    });
    return new Line(spans);
  }
}
