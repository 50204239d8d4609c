package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabException;
import java.util.List;
import java.util.Map;

/**
 * One check's verdict with the reasons a person reads and links to what it found.
 *
 * @param check   the check's name, e.g. {@code active-incidents}
 * @param verdict pass, fail or error
 * @param reasons one sentence per finding
 * @param links   web URLs of what was found (incidents, change requests, deployments)
 * @param inputs  what the verdict was decided from, by kind (incident ids, change request ids, the deny window and
 *                its end, the next allowed time), so that "why did it (not) run?" has an answer later
 */
public record CheckResult(String check, Verdict verdict, List<String> reasons, List<String> links,
    Map<String, List<String>> inputs) {

  /** Copies the lists. */
  public CheckResult {
    reasons = List.copyOf(reasons);
    links = List.copyOf(links);
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
  }

  /** A result that records no inputs beyond its reasons and links. */
  public CheckResult(String check, Verdict verdict, List<String> reasons, List<String> links) {
    this(check, verdict, reasons, links, Map.of());
  }

  /** This result with what it was decided from. */
  public CheckResult withInputs(Map<String, List<String>> decidedFrom) {
    return new CheckResult(check, verdict, reasons, links, decidedFrom);
  }

  /** A passing result with one reason. */
  public static CheckResult pass(String check, String reason) {
    return new CheckResult(check, Verdict.PASS, List.of(reason), List.of());
  }

  /** The result of a check that could not get its answer, saying why. */
  public static CheckResult error(String check, Throwable failure) {
    String why = failure instanceof GitLabException gitLab ? "could not ask GitLab: " + gitLab.error().describe()
        : "could not run: " + failure.getMessage();
    return new CheckResult(check, Verdict.ERROR, List.of(why), List.of());
  }

  /** Whether this result lets a run proceed. */
  public boolean passed() {
    return verdict == Verdict.PASS;
  }
}
