package dev.pdm.core.run;

import java.util.ArrayList;
import java.util.List;

/** The state machine's answer to an event. */
public sealed interface Decision {

  /**
   * The run after the event and the commands to execute, in order. An event that does not apply (duplicate, stale, for
   * another attempt) gives the same run and no commands.
   */
  record Transition(Run run, List<Command> commands) implements Decision {
    public Transition {
      commands = List.copyOf(commands);
    }

    static Transition unchanged(Run run) {
      return new Transition(run, List.of());
    }

    Transition after(List<Command> first) {
      List<Command> all = new ArrayList<>(first);
      all.addAll(commands);
      return new Transition(run, all);
    }
  }

  /**
   * An operator request that cannot be applied; the run is unchanged.
   *
   * @param cause  INVALID_REQUEST (the API answers 400) or CONFLICT with the run's state (409)
   * @param reason names the field or state, the value, and what was expected
   */
  record Rejected(Cause cause, String reason) implements Decision {

    /** Why a request was rejected. */
    public enum Cause {
      INVALID_REQUEST,
      CONFLICT
    }

    static Rejected invalid(String reason) {
      return new Rejected(Cause.INVALID_REQUEST, reason);
    }

    static Rejected conflict(String reason) {
      return new Rejected(Cause.CONFLICT, reason);
    }
  }
}
