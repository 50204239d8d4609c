package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabException;
import java.util.List;

/**
 * One check's verdict with the reasons a person reads and links to what it found.
 *
 * @param check   the check's name, e.g. {@code active-incidents}
 * @param verdict pass, fail or error
 * @param reasons one sentence per finding
 * @param links   web URLs of what was found (incidents, change requests, deployments)
 */
public record CheckResult(String check, Verdict verdict, List<String> reasons, List<String> links) {

  /** Copies the lists. */
  public CheckResult {
    reasons = List.copyOf(reasons);
    links = List.copyOf(links);
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
