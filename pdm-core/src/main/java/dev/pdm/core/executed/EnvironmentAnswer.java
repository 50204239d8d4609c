package dev.pdm.core.executed;

import java.util.ArrayList;
import java.util.List;

/**
 * Every source's answer for one environment, and their reconciliation.
 *
 * @param environment the environment, e.g. {@code gprd}
 * @param sources     one answer per source
 */
public record EnvironmentAnswer(String environment, List<SourceAnswer> sources) {

  /** Copies the answers. */
  public EnvironmentAnswer {
    sources = List.copyOf(sources);
  }

  /** This answer with one more source (e.g. the server's run records). */
  public EnvironmentAnswer with(SourceAnswer answer) {
    List<SourceAnswer> more = new ArrayList<>(sources);
    more.add(answer);
    return new EnvironmentAnswer(environment, more);
  }

  /** YES or NO when every source that knows agrees; UNKNOWN when none knows or they disagree. */
  public Executed verdict() {
    if (sourcesDisagree()) {
      return Executed.UNKNOWN;
    }
    return sources.stream().map(SourceAnswer::executed).filter(e -> e != Executed.UNKNOWN).findFirst()
        .orElse(Executed.UNKNOWN);
  }

  /** Whether one source says yes and another says no. */
  public boolean sourcesDisagree() {
    return sources.stream().anyMatch(s -> s.executed() == Executed.YES)
        && sources.stream().anyMatch(s -> s.executed() == Executed.NO);
  }
}
