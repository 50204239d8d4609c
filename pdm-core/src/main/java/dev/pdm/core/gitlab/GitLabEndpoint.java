package dev.pdm.core.gitlab;

import java.util.List;

/**
 * Sorts an API path into one of a few endpoint classes ({@code pipelines}, {@code job_trace}, ...), so that request
 * counts and latencies can be told apart without a label per project, pipeline or file.
 */
public final class GitLabEndpoint {
  /** Every class {@link #classify(String)} can answer. */
  public static final List<String> CLASSES = List.of("instance", "groups", "projects", "pipelines", "pipeline_jobs",
      "pipeline_variables", "jobs", "job_trace", "environments", "deployments", "repository", "merge_requests",
      "issues", "issue_notes", "hooks", "other");

  private GitLabEndpoint() {
  }

  /** The class of an encoded API path such as {@code /projects/group%2Fproject/pipelines/12/jobs}. */
  public static String classify(String path) {
    String[] parts = path.replaceFirst("^/+", "").split("/");
    if (parts.length == 0 || parts[0].isEmpty()) {
      return "other";
    }
    return switch (parts[0]) {
      case "version", "user" -> "instance";
      case "groups" -> "groups";
      case "projects" -> parts.length <= 2 ? "projects" : inProject(parts);
      default -> "other";
    };
  }

  private static String inProject(String[] parts) {
    String resource = parts[2];
    String last = parts[parts.length - 1];
    return switch (resource) {
      case "pipeline" -> "pipelines";
      case "pipelines" -> last.equals("jobs") ? "pipeline_jobs" : last.equals("variables") ? "pipeline_variables"
          : "pipelines";
      case "jobs" -> last.equals("trace") ? "job_trace" : "jobs";
      case "environments", "deployments", "repository", "merge_requests", "hooks" -> resource;
      case "issues" -> parts.length > 4 && parts[4].equals("notes") ? "issue_notes" : "issues";
      default -> "other";
    };
  }
}
