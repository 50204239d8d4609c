package dev.pdm.core.checks;

import java.util.List;
import java.util.Optional;

/**
 * Every check's result, the override if one was given, and whether the run may proceed: all passed, or overridden.
 *
 * @param results    one result per check, in the order the checks were given
 * @param override   the override that lets a run proceed despite failures, if any
 * @param mayProceed whether the run may start or continue
 */
public record ChecksReport(List<CheckResult> results, Optional<CheckOverride> override, boolean mayProceed) {

  /** Copies the results. */
  public ChecksReport {
    results = List.copyOf(results);
  }

  /** The report for {@code results}: it may proceed when all passed, or when overridden. */
  public static ChecksReport of(List<CheckResult> results, Optional<CheckOverride> override) {
    boolean allPassed = results.stream().allMatch(CheckResult::passed);
    return new ChecksReport(results, override, allPassed || override.isPresent());
  }

  /** The results that block (fail or error). */
  public List<CheckResult> blocking() {
    return results.stream().filter(result -> !result.passed()).toList();
  }
}
