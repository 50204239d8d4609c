package dev.pdm.sandbox.scenario;

import java.util.List;
import java.util.Optional;

/**
 * A sandbox scenario as written in YAML: the GitLab data to seed and the faults to inject.
 * A scenario may name a {@code base} scenario; its lists are then appended to the base's lists.
 */
public record Scenario(
    String name,
    String description,
    String base,
    String apiUser,
    List<ScenarioUser> users,
    List<ScenarioGroup> groups,
    List<ScenarioProject> projects,
    List<ScenarioCommit> commits,
    List<ScenarioMergeRequest> mergeRequests,
    List<ScenarioEnvironment> environments,
    List<ScenarioDeployment> deployments,
    List<ScenarioIssue> issues,
    List<ScenarioToken> tokens,
    ScenarioFaults faults,
    String clockStart) {

  public Scenario {
    users = copy(users);
    groups = copy(groups);
    projects = copy(projects);
    commits = copy(commits);
    mergeRequests = copy(mergeRequests);
    environments = copy(environments);
    deployments = copy(deployments);
    issues = copy(issues);
    tokens = copy(tokens);
    faults = faults == null ? ScenarioFaults.NONE : faults;
  }

  /**
   * When the scenario's simulated time starts ({@code clock_start}: a weekday and a UTC time such as {@code Sat 10:00},
   * the first such moment after {@code now}), for a scenario that depends on the day and time (a deny window, a
   * scheduled firing); empty when the clock keeps its time. Never in the past: pdm stores times from its database's
   * clock beside the simulated ones, and a simulated clock behind the database's would leave its commands never due.
   */
  public java.util.Optional<java.time.Instant> clockStartAfter(java.time.Instant now) {
    if (clockStart == null || clockStart.isBlank()) {
      return java.util.Optional.empty();
    }
    String[] parts = clockStart.trim().split("\\s+");
    for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
      String name = day.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH);
      if (parts.length == 2 && name.equalsIgnoreCase(parts[0])) {
        try {
          java.time.LocalTime time = java.time.LocalTime.parse(parts[1]);
          java.time.ZonedDateTime from = now.atZone(java.time.ZoneOffset.UTC);
          java.time.ZonedDateTime at = from.with(java.time.temporal.TemporalAdjusters.nextOrSame(day)).with(time);
          return java.util.Optional.of((at.isAfter(from) ? at : at.plusWeeks(1)).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
          break;
        }
      }
    }
    throw new ScenarioException("scenario '" + name + "': field 'clock_start' is '" + clockStart
        + "'; expected a weekday and a UTC time such as 'Sat 10:00'");
  }

  /** The base scenario's name, when this one extends another. */
  public Optional<String> baseName() {
    return Optional.ofNullable(base).filter(b -> !b.isBlank());
  }

  /** This scenario laid over its (already resolved) base: lists appended, name and description kept. */
  public Scenario over(Scenario resolvedBase) {
    return new Scenario(name, description, null,
        apiUser != null ? apiUser : resolvedBase.apiUser,
        concat(resolvedBase.users, users), concat(resolvedBase.groups, groups),
        concat(resolvedBase.projects, projects), concat(resolvedBase.commits, commits),
        concat(resolvedBase.mergeRequests, mergeRequests),
        concat(resolvedBase.environments, environments),
        concat(resolvedBase.deployments, deployments), concat(resolvedBase.issues, issues),
        concat(resolvedBase.tokens, tokens), resolvedBase.faults.plus(faults),
        clockStart != null ? clockStart : resolvedBase.clockStart);
  }

  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  static <T> List<T> concat(List<T> first, List<T> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }

  /** A GitLab user. */
  public record ScenarioUser(long id, String username, String name) {
  }

  /** A group (e.g. the database maintainers) and its members. */
  public record ScenarioGroup(long id, String path, String name, List<ScenarioMember> members) {
    public ScenarioGroup {
      members = copy(members);
    }
  }

  /** A group member with GitLab's numeric access level (50 owner, 40 maintainer, 30 developer). */
  public record ScenarioMember(String username, Integer accessLevel) {
  }

  /**
   * A project. {@code role} tells the sandbox how the project behaves: {@code canonical} (the
   * application whose code is deployed), {@code security} (its mirror, see {@code mirrorOf}),
   * {@code deployer} (runs migration pipelines), {@code qa} (runs QA pipelines), others are plain.
   */
  public record ScenarioProject(long id, String path, String name, String description,
      String defaultBranch, String mirrorOf, String role) {
  }

  /**
   * A commit on a project's default branch (or, when an opened merge request names it, on that
   * MR's source branch); it adds or changes its files.
   */
  public record ScenarioCommit(String project, String key, String title, String message,
      String author, Integer hoursAgo, List<ScenarioFile> files) {
    public ScenarioCommit {
      files = copy(files);
    }
  }

  /**
   * A file a commit adds or changes; post-migrate files carry the operations their migration
   * performs (none: a no-op migration, {@code def up; end}).
   */
  public record ScenarioFile(String path, List<ScenarioOperation> operations) {
    public ScenarioFile {
      operations = copy(operations);
    }
  }

  /**
   * One Rails migration method call and how long it takes (simulated seconds), on every environment or, where
   * {@code secondsOn} names it, on that environment (a production table much larger than staging's).
   */
  public record ScenarioOperation(String call, double seconds, java.util.Map<String, Double> secondsOn) {
    public ScenarioOperation {
      secondsOn = secondsOn == null ? java.util.Map.of() : java.util.Map.copyOf(secondsOn);
    }
  }

  /**
   * A merge request of one commit: {@code state} merged (the default; the commit is on the
   * default branch) or opened (the commit stays on {@code sourceBranch} until merged).
   */
  public record ScenarioMergeRequest(String project, long iid, String title, String description,
      String author, String commit, String sourceBranch, List<String> labels,
      List<String> approvedBy, List<ScenarioLabelEvent> labelEvents, String mergedBy,
      Integer hoursAgo, String state) {
    public ScenarioMergeRequest {
      labels = copy(labels);
      approvedBy = copy(approvedBy);
      labelEvents = copy(labelEvents);
    }
  }

  /** A label added to or removed from a merge request by a user. */
  public record ScenarioLabelEvent(String user, String label, String action, Integer hoursAgo) {
  }

  /** An environment of a project. */
  public record ScenarioEnvironment(String project, String name, String tier, String externalUrl) {
  }

  /** A deployment of a commit (by key) to an environment. */
  public record ScenarioDeployment(String project, String environment, String commit, String ref,
      String status, String user, Integer hoursAgo) {
  }

  /** An issue; incidents have {@code issueType: incident}. */
  public record ScenarioIssue(String project, String title, String description,
      List<String> labels, String state, String issueType, String author, Integer hoursAgo) {
    public ScenarioIssue {
      labels = copy(labels);
    }
  }

  /** An extra access token that can only see the listed projects. */
  public record ScenarioToken(String token, List<String> projects) {
    public ScenarioToken {
      projects = copy(projects);
    }
  }
}
