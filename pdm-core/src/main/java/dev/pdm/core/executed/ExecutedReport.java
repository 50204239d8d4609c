package dev.pdm.core.executed;

import java.util.List;
import java.util.Optional;

/**
 * "Was it executed?" for one subject, per environment.
 *
 * @param subject      what was asked about, e.g. {@code !123} or a SHA
 * @param sha          the commit the answer is about (an MR's merge commit), if known
 * @param environments one answer per environment, in configuration order
 */
public record ExecutedReport(String subject, Optional<String> sha, List<EnvironmentAnswer> environments) {

  /** Copies the list. */
  public ExecutedReport {
    environments = List.copyOf(environments);
  }

  /** This report with {@code answer} added to {@code environment} (how the server adds its run records). */
  public ExecutedReport withSource(String environment, SourceAnswer answer) {
    return new ExecutedReport(subject, sha, environments.stream()
        .map(e -> e.environment().equals(environment) ? e.with(answer) : e).toList());
  }
}
