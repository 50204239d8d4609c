package dev.pdm.server.orchestrator;

import dev.pdm.core.gitlab.GitLabException;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.RunEvent;
import java.time.Clock;

/** What executors share about GitLab's answers: when a refusal is final, and how a failed record step is reported. */
public final class GitLabAnswers {
  private GitLabAnswers() {
  }

  /** GitLab refused (4xx other than 408/429): trying again will not help, a person must look. */
  public static boolean refused(Throwable err) {
    return err instanceof GitLabException e && e.error().status() >= 400 && e.error().status() < 500
        && e.error().status() != 429 && e.error().status() != 408;
  }

  static Outcome failed(Command.RecordCommand command, Throwable err, Clock clock) {
    return Outcome.of(new RunEvent.RecordStepCompleted(command.stageId(), command.step(), command.attempt(), false,
        String.valueOf(err.getMessage()), clock.instant()));
  }
}
