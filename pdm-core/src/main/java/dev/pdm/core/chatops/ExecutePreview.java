package dev.pdm.core.chatops;

import dev.pdm.core.chatops.ChatAnswer.Action;
import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import dev.pdm.core.chatops.ChatAnswer.Style;
import dev.pdm.core.run.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code execute}: what a run would migrate where and the checks, with Run / Cancel buttons; or, when a run may not
 * start now (a run is active, checks fail on an environment), the reasons and no Run button. The same rule as the web
 * page's Execute.
 */
public final class ExecutePreview {
  /** Action id of the Run button; its value is the idempotency key of the run it starts. */
  public static final String RUN = "pdm_run";
  /** Action id of the Cancel button: nothing happens but the preview going away. */
  public static final String DISMISS = "pdm_dismiss";

  private ExecutePreview() {
  }

  /** Why a run may not start now; empty when it may. */
  public static List<String> reasonsNotToRun(List<EnvironmentStatus> environments, Optional<Run> activeRun) {
    List<String> reasons = new ArrayList<>();
    activeRun.ifPresent(run -> reasons.add("run " + ChatWords.shortId(run.id()) + " is active ("
        + ChatWords.words(run.status().name()) + "): one run at a time"));
    environments.forEach(e -> e.blockedBecause().ifPresent(reasons::add));
    return reasons;
  }

  /**
   * The preview.
   *
   * @param idempotencyKey carried by the Run button, so that a second click starts no second run
   */
  public static ChatAnswer of(List<EnvironmentStatus> environments, List<String> planStages, Optional<Run> activeRun,
      String slashCommand, String idempotencyKey) {
    List<Part> parts = new ArrayList<>();
    parts.add(new Part.Lines(List.of(Line.labelled("Plan", new Span.Text(String.join(" → ", planStages))))));
    environments.forEach(e -> parts.add(new Part.Lines(StatusAnswer.environment(e))));
    List<String> reasons = reasonsNotToRun(environments, activeRun);
    if (!reasons.isEmpty()) {
      List<Line> refusal = new ArrayList<>();
      refusal.add(Line.of(new Span.Bold("A run may not start now:")));
      reasons.forEach(r -> refusal.add(Line.text(r).bullet()));
      parts.add(new Part.Lines(refusal));
      return new ChatAnswer("Post-deploy migrations: refused", parts, List.of());
    }
    String where = String.join(", then ", environments.stream().map(EnvironmentStatus::name).toList());
    return new ChatAnswer("Post-deploy migrations: ready to run on " + where, parts, List.of(
        new Action(RUN, "Run", idempotencyKey, Style.PRIMARY,
            Optional.of("Run the post-deploy migrations on " + where + "? Each environment is checked again first."),
            slashCommand + " execute confirm"),
        new Action(DISMISS, "Cancel", "-", Style.PLAIN, Optional.empty(), "nothing to type: just do not confirm")));
  }
}
