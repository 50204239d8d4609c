package dev.pdm.server.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How people name a merge request or an issue in a request: {@code !123} / {@code #12}, the number, or its URL. */
final class GitLabReferences {
  private static final Pattern MERGE_REQUEST = Pattern.compile("(?:!|.*/-/merge_requests/)?(\\d+)/?");
  private static final Pattern ISSUE = Pattern.compile("(?:#|.*/-/(?:issues/incident|issues|incidents|work_items)/)?"
      + "(\\d+)/?");

  private GitLabReferences() {
  }

  /** The merge request's number, from {@code !123}, {@code 123} or a merge request URL. */
  static Optional<Long> mergeRequest(String text) {
    return number(MERGE_REQUEST, text);
  }

  /** The issue's number, from {@code #12}, {@code 12} or an issue URL. */
  static Optional<Long> issue(String text) {
    return number(ISSUE, text);
  }

  private static Optional<Long> number(Pattern pattern, String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher matcher = pattern.matcher(text.trim());
    if (!matcher.matches() || matcher.group(1).length() > 15) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(matcher.group(1)));
  }
}
