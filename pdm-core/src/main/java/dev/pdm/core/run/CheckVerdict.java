package dev.pdm.core.run;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One production check's verdict as the run records it.
 *
 * @param name    the check, e.g. {@code active-incident}
 * @param outcome pass, fail, or error (the check could not decide; blocks like a fail)
 * @param reasons why, human readable
 * @param links   e.g. the incident issue
 * @param inputs  what the verdict was decided from (incident and change request ids, the deny window), by kind
 */
public record CheckVerdict(String name, Outcome outcome, List<String> reasons, List<String> links,
    Map<String, List<String>> inputs) {

  /** A check's outcome; only PASS lets a stage go on. */
  public enum Outcome {
    PASS,
    FAIL,
    ERROR
  }

  public CheckVerdict {
    Objects.requireNonNull(name, "check name");
    Objects.requireNonNull(outcome, "check outcome");
    reasons = List.copyOf(reasons);
    links = List.copyOf(links);
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
  }

  /** A verdict that records no inputs beyond its reasons and links. */
  public CheckVerdict(String name, Outcome outcome, List<String> reasons, List<String> links) {
    this(name, outcome, reasons, links, Map.of());
  }

  /** Whether this verdict lets the stage go on. */
  public boolean passed() {
    return outcome == Outcome.PASS;
  }
}
