package dev.pdm.core.chatops;

import dev.pdm.core.executed.ExecutedSubject;
import dev.pdm.core.run.MitigationKind;
import java.util.Optional;

/** What a person asked pdm from chat, parsed by {@link ChatCommandParser}. */
public sealed interface ChatCommand {

  /** What a command needs: reading, or acting on runs (the operator role). */
  enum Access { READ, OPERATE }

  /** What the command needs. */
  Access access();

  /** Per environment: the package running, pending migrations, the checks; the active run. */
  record Status() implements ChatCommand {
    @Override
    public Access access() {
      return Access.READ;
    }
  }

  /** What a run would do and whether it may: with Run/Cancel buttons, or, {@code confirmed}, the run itself. */
  record Execute(boolean confirmed) implements ChatCommand {
    @Override
    public Access access() {
      return Access.OPERATE;
    }
  }

  /** "Was it executed?" for a commit or a merge request. */
  record Executed(ExecutedSubject subject) implements ChatCommand {
    @Override
    public Access access() {
      return Access.READ;
    }
  }

  /** One run: the one named, else the active one, else the newest. */
  record ShowRun(Optional<String> runId) implements ChatCommand {
    @Override
    public Access access() {
      return Access.READ;
    }
  }

  /** Retry a failed stage of the active run. */
  record Retry(String stageId, String reason) implements ChatCommand {
    @Override
    public Access access() {
      return Access.OPERATE;
    }
  }

  /** Abandon the stage in progress of the active run: the run ends failed, no GitLab pipeline is canceled. */
  record Abandon(String stageId, String reason) implements ChatCommand {
    @Override
    public Access access() {
      return Access.OPERATE;
    }
  }

  /**
   * Does the failure of a stage of the active run block deployments (its incident workflow, docs/incident-workflow.md)?
   * {@code blocks} labels the incident with the deployment blocker label; either way the decision is noted on it.
   */
  record Block(String stageId, boolean blocks, String reason) implements ChatCommand {
    @Override
    public Access access() {
      return Access.OPERATE;
    }
  }

  /** Cancel the active run. */
  record Cancel(String reason) implements ChatCommand {
    @Override
    public Access access() {
      return Access.OPERATE;
    }
  }

  /** Record a mitigation of a failed stage of the active run. */
  record Mitigate(String stageId, MitigationKind kind, String reason) implements ChatCommand {
    @Override
    public Access access() {
      return Access.OPERATE;
    }
  }

  /** The commands and who may use them. */
  record Help() implements ChatCommand {
    @Override
    public Access access() {
      return Access.READ;
    }
  }
}
