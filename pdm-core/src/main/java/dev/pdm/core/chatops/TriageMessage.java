package dev.pdm.core.chatops;

import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.Stage;
import dev.pdm.core.triage.TriageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The direct message to a person concerned by a failed migration: why them, and the triage. */
public final class TriageMessage {
  /** Why a person is told. */
  public enum Why {
    AUTHOR("you wrote its merge request"),
    APPROVER("you approved its merge request as database maintainer"),
    STARTER("you started the run");

    private final String words;

    Why(String words) {
      this.words = words;
    }
  }

  private TriageMessage() {
  }

  public static ChatAnswer of(RunAnswer runs, Run run, Stage stage, TriageReport report, List<Why> why) {
    List<Part> parts = new ArrayList<>();
    parts.add(new Part.Lines(List.of(Line.text("A post-deploy migration failed in run " + ChatWords.shortId(run.id())
        + ". You are told because " + String.join(" and ", why.stream().map(w -> w.words).toList()) + "."))));
    parts.addAll(runs.triage(run, stage, Optional.of(report)));
    return new ChatAnswer("Post-deploy migration " + report.failed().version() + " failed on "
        + stage.spec().environment(), parts, List.of());
  }

  /** The thread reply saying who was told and who could not be reached, one line each. */
  public static ChatAnswer whoWasTold(List<Line> lines) {
    return new ChatAnswer("Who was told about the failure", List.of(new Part.Lines(lines)), List.of());
  }

  /** A person told by direct message. */
  public static Line told(String userId, String who, List<Why> why) {
    return Line.of(new Span.Text("Told "), new Span.Mention(userId), new Span.Text(" (" + who + ": " + words(why)
        + ")")).bullet();
  }

  /** A person pdm could not reach, named instead. */
  public static Line notReached(String who, List<Why> why, String reason) {
    return Line.of(new Span.Bold(who), new Span.Text(" (" + words(why) + ") could not be told directly: " + reason))
        .bullet();
  }

  private static String words(List<Why> why) {
    return String.join(", ", why.stream().map(w -> w.words).toList());
  }
}
