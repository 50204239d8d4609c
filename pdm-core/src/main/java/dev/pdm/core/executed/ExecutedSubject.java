package dev.pdm.core.executed;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What "was it executed?" is asked about: a commit or a merge request. Parsed from what people type: a SHA of 7 to 40
 * hexadecimal digits, or a merge request as {@code !123}, {@code 123} or its URL.
 *
 * @param sha          the commit, when asked about one
 * @param mergeRequest the merge request's IID, when asked about one
 */
public record ExecutedSubject(Optional<String> sha, Optional<Long> mergeRequest) {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");
  private static final Pattern MR = Pattern.compile("(?:!|.*/-/merge_requests/)?(\\d+)/?");
  private static final Pattern MARKED_MR = Pattern.compile("(?:!|.*/-/merge_requests/)(\\d+)/?");

  /** A subject, or the problem with the text (naming the field, the value and what was expected). */
  public record Parsed(Optional<ExecutedSubject> subject, Optional<String> problem) {
    static Parsed of(ExecutedSubject subject) {
      return new Parsed(Optional.of(subject), Optional.empty());
    }

    static Parsed problem(String problem) {
      return new Parsed(Optional.empty(), Optional.of(problem));
    }
  }

  /** A commit SHA. */
  public static Parsed ofSha(String text) {
    String sha = text.trim().toLowerCase(java.util.Locale.ROOT);
    return SHA.matcher(sha).matches() ? Parsed.of(new ExecutedSubject(Optional.of(sha), Optional.empty()))
        : Parsed.problem("sha: expected 7 to 40 hexadecimal digits (got " + text + ")");
  }

  /** A merge request: {@code !123}, {@code 123} or its URL. */
  public static Parsed ofMergeRequest(String text) {
    Matcher mr = MR.matcher(text.trim());
    return mr.matches() ? Parsed.of(new ExecutedSubject(Optional.empty(), Optional.of(Long.parseLong(mr.group(1)))))
        : Parsed.problem("mr: expected !123, 123 or a merge request URL (got " + text + ")");
  }

  /** Either, told apart as a person would: {@code !123} or a URL is a merge request, hexadecimal a commit. */
  public static Parsed of(String text) {
    String trimmed = text.trim();
    if (MARKED_MR.matcher(trimmed).matches()) {
      return ofMergeRequest(trimmed);
    }
    if (SHA.matcher(trimmed.toLowerCase(java.util.Locale.ROOT)).matches()) {
      return ofSha(trimmed);
    }
    return Parsed.problem("subject: expected a commit SHA (7 to 40 hexadecimal digits), !123 or a merge request URL"
        + " (got " + (trimmed.isEmpty() ? "nothing" : trimmed) + ")");
  }
}
