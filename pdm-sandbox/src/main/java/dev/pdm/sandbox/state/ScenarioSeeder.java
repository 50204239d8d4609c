package dev.pdm.sandbox.state;

import dev.pdm.sandbox.scenario.PostMigrateFile;
import dev.pdm.sandbox.scenario.Scenario;
import dev.pdm.sandbox.scenario.ScenarioException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Builds a {@link GitLabState} from a resolved scenario, checking every reference in it. */
public final class ScenarioSeeder {

  private static final int DEFAULT_SPACING_HOURS = 6;
  private static final String MERGED = "merged";
  private static final String OPENED = "opened";

  private final Scenario scenario;
  private final GitLabState state;
  private final Instant start;
  private final Map<String, Commit> commitsByKey = new HashMap<>();

  private ScenarioSeeder(Scenario scenario, Supplier<Instant> clock) {
    this.scenario = scenario;
    this.state = new GitLabState(scenario.name(), scenario.description(), clock);
    this.start = clock.get();
  }

  /** The state a scenario describes, with schema_migrations as of each db/ENV deployment. */
  public static GitLabState seed(Scenario scenario, Supplier<Instant> clock) {
    return new ScenarioSeeder(scenario, clock).build();
  }

  private GitLabState build() {
    scenario.users().forEach(u -> state.users.put(u.username(), new User(u.id(), u.username(),
        u.name())));
    if (state.users.isEmpty()) {
      throw new ScenarioException("scenario '" + scenario.name() + "': field 'users' is empty;"
          + " expected at least the API user");
    }
    state.apiUser = Optional.ofNullable(scenario.apiUser()).map(u -> user(u, "api_user"))
        .orElseGet(() -> user(scenario.users().get(0).username(), "users[0]"));
    scenario.groups().forEach(g -> state.groups.add(new Group(g.id(), g.path(), g.name(),
        g.members().stream().map(m -> new Group.Member(user(m.username(), "groups.members"),
            m.accessLevel() == null ? 40 : m.accessLevel())).toList())));
    seedProjects();
    seedCommits();
    scenario.mergeRequests().forEach(this::seedMergeRequest);
    scenario.environments().forEach(e -> state.environments.add(new Environment(
        state.ids.incrementAndGet(), project(e.project(), "environments.project"), e.name(),
        e.tier() != null ? e.tier() : EnvironmentTier.of(e.name()), e.externalUrl(),
        start.minus(Duration.ofDays(400)))));
    seedDeployments();
    scenario.issues().forEach(i -> state.addIssue(project(i.project(), "issues.project"),
        i.title(), i.description(), i.labels(), i.issueType() == null ? "issue" : i.issueType(),
        user(i.author(), "issues.author"), ago(i.hoursAgo(), 2),
        i.state() == null ? "opened" : i.state()));
    scenario.tokens().forEach(t -> state.restrictedTokens.put(t.token(), Set.copyOf(t.projects())));
    state.faults = scenario.faults();
    seedSchemaMigrations();
    return state;
  }

  private void seedProjects() {
    Map<String, Repository> repositories = new HashMap<>();
    for (Scenario.ScenarioProject p : scenario.projects()) {
      if (state.project(p.path()).isPresent()) {
        throw new ScenarioException("scenario '" + scenario.name() + "': project path '"
            + p.path() + "' appears twice; expected unique project paths");
      }
      Repository repository = p.mirrorOf() == null ? new Repository()
          : Optional.ofNullable(repositories.get(p.mirrorOf())).orElseThrow(() ->
              new ScenarioException("scenario '" + scenario.name() + "': project '" + p.path()
                  + "' has mirror_of '" + p.mirrorOf() + "'; expected a project listed before it"));
      repositories.put(p.path(), repository);
      state.projects.add(new Project(p.id(), p.path(),
          p.name() != null ? p.name() : p.path().substring(p.path().lastIndexOf('/') + 1),
          p.description() == null ? "" : p.description(),
          p.defaultBranch() == null ? "master" : p.defaultBranch(), p.role(), repository,
          start.minus(Duration.ofDays(3000))));
    }
  }

  private void seedCommits() {
    List<Scenario.ScenarioCommit> commits = scenario.commits();
    Map<String, String> branchOf = new HashMap<>();
    scenario.mergeRequests().stream().filter(m -> OPENED.equals(m.state()))
        .forEach(m -> branchOf.put(m.commit(), sourceBranch(m)));
    Map<Repository, String> heads = new HashMap<>();
    for (int i = 0; i < commits.size(); i++) {
      Scenario.ScenarioCommit c = commits.get(i);
      Repository repository = project(c.project(), "commits.project").repository();
      if (commitsByKey.containsKey(c.key())) {
        throw new ScenarioException("scenario '" + scenario.name() + "': commit key '" + c.key()
            + "' appears twice; expected unique commit keys");
      }
      String sha = sha1(scenario.name() + "/" + c.project() + "/" + c.key() + "/" + c.title());
      List<RepoFile> files = c.files().stream().map(f -> new RepoFile(f.path(),
          RubyMigrationSource.of(f.path(), f.operations()),
          f.operations().stream().map(o -> new RepoFile.Operation(o.call(), o.seconds(), o.secondsOn()))
              .toList())).toList();
      Commit commit = new Commit(sha, c.title(), c.message() != null ? c.message() : c.title(),
          user(c.author(), "commits.author"),
          ago(c.hoursAgo(), (commits.size() - i) * DEFAULT_SPACING_HOURS), files,
          Optional.ofNullable(heads.get(repository)).stream().toList());
      if (branchOf.containsKey(c.key())) {
        repository.addBranch(branchOf.get(c.key()), commit);
      } else {
        repository.append(commit);
        heads.put(repository, sha);
      }
      commitsByKey.put(c.key(), commit);
    }
  }

  private void seedMergeRequest(Scenario.ScenarioMergeRequest m) {
    Project project = project(m.project(), "merge_requests.project");
    Commit commit = commit(m.commit(), "merge_requests.commit");
    String mrState = m.state() == null ? MERGED : m.state();
    if (!Set.of(MERGED, OPENED).contains(mrState)) {
      throw new ScenarioException("scenario '" + scenario.name() + "': merge request !"
          + m.iid() + " has state '" + mrState + "'; expected merged or opened");
    }
    Instant created = commit.at().minus(Duration.ofDays(OPENED.equals(mrState) ? 0 : 3));
    MergeRequest mr = new MergeRequest(state.ids.incrementAndGet(), m.iid(), project, m.title(),
        m.description() == null ? "" : m.description(),
        user(m.author(), "merge_requests.author"), commit, sourceBranch(m),
        m.approvedBy().stream().map(u -> user(u, "merge_requests.approved_by")).toList(),
        created);
    if (MERGED.equals(mrState)) {
      mr.merged(user(m.mergedBy() != null ? m.mergedBy() : m.author(),
          "merge_requests.merged_by"), commit.at(), commit);
    }
    mr.labels.addAll(m.labels());
    m.labels().forEach(this.state::label);
    m.labelEvents().forEach(e -> state.seedLabelEvent(mr, user(e.user(),
        "label_events.user"), e.hoursAgo() != null ? ago(e.hoursAgo(), 0)
        : commit.at().minus(Duration.ofHours(5)), e.label(),
        e.action() == null ? "add" : e.action()));
    state.mergeRequests.add(mr);
  }

  private static String sourceBranch(Scenario.ScenarioMergeRequest m) {
    return m.sourceBranch() != null ? m.sourceBranch() : "mr-" + m.iid();
  }

  private void seedDeployments() {
    List<Scenario.ScenarioDeployment> deployments = scenario.deployments();
    for (int i = 0; i < deployments.size(); i++) {
      Scenario.ScenarioDeployment d = deployments.get(i);
      Project project = project(d.project(), "deployments.project");
      Commit commit = commit(d.commit(), "deployments.commit");
      if (!project.repository().onDefaultBranch(commit)) {
        throw new ScenarioException("scenario '" + scenario.name() + "': deployment commit '"
            + d.commit() + "' is not on the default branch of '" + d.project() + "'");
      }
      state.addDeployment(project, d.environment(),
          d.ref() != null ? d.ref() : project.defaultBranch(), commit.sha(), false,
          d.status() != null ? d.status() : "success", user(d.user(), "deployments.user"),
          ago(d.hoursAgo(), deployments.size() - i));
    }
  }

  private void seedSchemaMigrations() {
    state.projectWithRole("canonical").ifPresent(canonical -> {
      Set<String> environments = new HashSet<>();
      state.environments(canonical).forEach(e -> environments.add(e.name()));
      for (String name : environments) {
        if (name.startsWith("db/")) {
          continue;
        }
        Set<String> versions = state.lastSuccessfulDeployment(canonical, "db/" + name)
            .flatMap(d -> canonical.repository().commit(d.sha))
            .map(c -> canonical.repository().filesAt(c).keySet().stream()
                .map(PostMigrateFile::parse).flatMap(Optional::stream)
                .map(PostMigrateFile::version).collect(Collectors.toSet()))
            .orElse(Set.of());
        state.seedSchemaMigrations(name, versions);
      }
    });
  }

  private Instant ago(Integer hoursAgo, int defaultHours) {
    return start.minus(Duration.ofHours(hoursAgo != null ? hoursAgo : defaultHours));
  }

  private User user(String username, String field) {
    return state.user(username).orElseThrow(() -> new ScenarioException("scenario '"
        + scenario.name() + "': field '" + field + "' names user '" + username
        + "'; expected one of " + state.users.keySet()));
  }

  private Project project(String path, String field) {
    return state.project(path).orElseThrow(() -> new ScenarioException("scenario '"
        + scenario.name() + "': field '" + field + "' names project '" + path
        + "'; expected one of " + state.projects.stream().map(Project::path).toList()));
  }

  private Commit commit(String key, String field) {
    return Optional.ofNullable(commitsByKey.get(key)).orElseThrow(() -> new ScenarioException(
        "scenario '" + scenario.name() + "': field '" + field + "' names commit '" + key
            + "'; expected one of the commit keys " + commitsByKey.keySet()));
  }

  static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JRE", e);
    }
  }
}
