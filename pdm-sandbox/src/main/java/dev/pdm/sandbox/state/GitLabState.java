package dev.pdm.sandbox.state;

import dev.pdm.sandbox.scenario.ScenarioFaults;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Everything the simulated GitLab knows, seeded from a scenario and changed through the API. */
public final class GitLabState {

  private final Supplier<Instant> clock;
  final Map<String, User> users = new ConcurrentHashMap<>();
  final List<Project> projects = new CopyOnWriteArrayList<>();
  final List<Group> groups = new CopyOnWriteArrayList<>();
  final Map<String, Set<String>> restrictedTokens = new ConcurrentHashMap<>();
  final List<Environment> environments = new CopyOnWriteArrayList<>();
  final List<Deployment> deployments = new CopyOnWriteArrayList<>();
  final List<MergeRequest> mergeRequests = new CopyOnWriteArrayList<>();
  final List<Issue> issues = new CopyOnWriteArrayList<>();
  private final List<Pipeline> pipelines = new CopyOnWriteArrayList<>();
  private final List<Hook> hooks = new CopyOnWriteArrayList<>();
  private final Map<String, Label> labels = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> schemaMigrations = new ConcurrentHashMap<>();
  private final Map<String, Job> migrationLocks = new ConcurrentHashMap<>();
  private final List<Consumer<Deployment>> deploymentListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<IssueChange>> issueListeners = new CopyOnWriteArrayList<>();
  final AtomicLong ids = new AtomicLong(1000);
  private final AtomicLong pipelineIds = new AtomicLong(1_870_000_000L);
  private final AtomicLong jobIds = new AtomicLong(8_260_000_000L);
  private final AtomicLong deploymentIds = new AtomicLong(640_000_000L);
  private final AtomicLong noteIds = new AtomicLong(2_140_000_000L);
  private final AtomicLong eventIds = new AtomicLong(310_000_000L);
  final String name;
  final String description;
  User apiUser;
  ScenarioFaults faults = ScenarioFaults.NONE;

  GitLabState(String name, String description, Supplier<Instant> clock) {
    this.name = name;
    this.description = description;
    this.clock = clock;
  }

  /** The scenario this state was seeded from. */
  public String scenarioName() {
    return name;
  }

  public String scenarioDescription() {
    return description;
  }

  public Instant now() {
    return clock.get();
  }

  /** The user the API token belongs to. */
  public User apiUser() {
    return apiUser;
  }

  public Optional<User> user(String username) {
    return Optional.ofNullable(username).map(users::get);
  }

  /** Every user, by id. */
  public List<User> users() {
    return users.values().stream().sorted(Comparator.comparingLong(User::id)).toList();
  }

  /** The faults the scenario injects. */
  public ScenarioFaults faults() {
    return faults;
  }

  /** For a restricted scenario token, the project paths it can see; empty for unknown tokens. */
  public Optional<Set<String>> restrictedToken(String token) {
    return Optional.ofNullable(restrictedTokens.get(token));
  }

  public List<Project> projects() {
    return List.copyOf(projects);
  }

  /** A project by numeric id or full path. */
  public Optional<Project> project(String idOrPath) {
    return projects.stream()
        .filter(p -> p.path().equals(idOrPath) || Long.toString(p.id()).equals(idOrPath))
        .findFirst();
  }

  /** The first project with a role (canonical, security, deployer, qa, production, release-tasks). */
  public Optional<Project> projectWithRole(String role) {
    return projects.stream().filter(p -> role.equals(p.role())).findFirst();
  }

  /** A group by numeric id or full path. */
  public Optional<Group> group(String idOrPath) {
    return groups.stream()
        .filter(g -> g.path().equals(idOrPath) || Long.toString(g.id()).equals(idOrPath))
        .findFirst();
  }

  // --- environments and deployments

  public List<Environment> environments(Project project) {
    return environments.stream().filter(e -> e.project().id() == project.id()).toList();
  }

  public Optional<Environment> environment(Project project, String name) {
    return environments(project).stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The named environment, created (like GitLab does on first deployment) when missing. */
  public Environment environmentForDeployment(Project project, String name) {
    return environment(project, name).orElseGet(() -> {
      Environment created = new Environment(ids.incrementAndGet(), project, name,
          EnvironmentTier.of(name), null, now());
      environments.add(created);
      return created;
    });
  }

  public List<Deployment> deployments(Project project) {
    return deployments.stream().filter(d -> d.project().id() == project.id()).toList();
  }

  /** Deployments of an environment, newest first. */
  public List<Deployment> deployments(Environment environment) {
    return deployments.stream().filter(d -> d.environment.id() == environment.id())
        .sorted(Comparator.comparingLong((Deployment d) -> d.id).reversed()).toList();
  }

  /** The newest successful deployment on a project's environment. */
  public Optional<Deployment> lastSuccessfulDeployment(Project project, String environmentName) {
    return environment(project, environmentName).stream().flatMap(e -> deployments(e).stream())
        .filter(d -> "success".equals(d.status)).findFirst();
  }

  /** Records a deployment (as pdm does for db/ENV) and announces it. */
  public Deployment createDeployment(Project project, String environmentName, String ref,
      String sha, boolean tag, String status, User user) {
    Deployment deployment = addDeployment(project, environmentName, ref, sha, tag, status, user,
        now());
    deploymentListeners.forEach(l -> l.accept(deployment));
    return deployment;
  }

  Deployment addDeployment(Project project, String environmentName, String ref, String sha,
      boolean tag, String status, User user, Instant at) {
    Environment environment = environmentForDeployment(project, environmentName);
    long iid = deployments(project).stream().mapToLong(d -> d.iid).max().orElse(0) + 1;
    Deployment deployment = new Deployment(deploymentIds.incrementAndGet(), iid, environment, ref,
        sha, tag, user, at, status, project.repository().commit(sha));
    deployments.add(deployment);
    return deployment;
  }

  /** Changes a deployment's status and announces it. */
  public void updateDeploymentStatus(Deployment deployment, String status) {
    deployment.status = status;
    deployment.updatedAt = now();
    deploymentListeners.forEach(l -> l.accept(deployment));
  }

  /** Called with every deployment created or changed through the API. */
  public void onDeployment(Consumer<Deployment> listener) {
    deploymentListeners.add(listener);
  }

  // --- pipelines

  public long nextPipelineId() {
    return pipelineIds.incrementAndGet();
  }

  public long nextJobId() {
    return jobIds.incrementAndGet();
  }

  public void addPipeline(Pipeline pipeline) {
    pipelines.add(pipeline);
  }

  /** Every pipeline of a project, committed or not (deleted ones are gone), oldest first. */
  public List<Pipeline> pipelines(Project project) {
    return pipelines.stream().filter(p -> p.project.id() == project.id()).toList();
  }

  /** The pipelines the API shows: those GitLab has committed. */
  public List<Pipeline> visiblePipelines(Project project) {
    return pipelines(project).stream().filter(Pipeline::committed).toList();
  }

  /** A pipeline the API shows. */
  public Optional<Pipeline> pipeline(Project project, long id) {
    return visiblePipelines(project).stream().filter(p -> p.id == id).findFirst();
  }

  /** A pipeline by id in any project, committed or not. */
  public Optional<Pipeline> anyPipeline(long id) {
    return pipelines.stream().filter(p -> p.id == id).findFirst();
  }

  /** A job of a pipeline the API shows. */
  public Optional<Job> job(Project project, long id) {
    return visiblePipelines(project).stream().flatMap(p -> p.allJobs().stream())
        .filter(j -> j.id == id).findFirst();
  }

  /** Deletes a pipeline with its jobs, as GitLab does: it is gone from every answer. */
  public void removePipeline(Pipeline pipeline) {
    pipeline.markDeleted();
    pipelines.remove(pipeline);
  }

  // --- merge requests

  public List<MergeRequest> mergeRequests(Project project) {
    return mergeRequests.stream().filter(m -> m.project.id() == project.id()).toList();
  }

  public Optional<MergeRequest> mergeRequest(Project project, long iid) {
    return mergeRequests(project).stream().filter(m -> m.iid == iid).findFirst();
  }

  /** Merge requests whose source commit or merge commit is {@code sha}. */
  public List<MergeRequest> mergeRequestsForCommit(Project project, String sha) {
    return mergeRequests.stream()
        .filter(m -> m.project.repository() == project.repository())
        .filter(m -> m.commit.sha().equals(sha)
            || m.mergeCommit().map(c -> c.sha().equals(sha)).orElse(false)).toList();
  }

  /**
   * Merges an open merge request as GitLab does with a merge commit: its commit, then a merge
   * commit (parents: the old head and the MR's commit), land on the default branch.
   */
  public MergeRequest merge(MergeRequest mr, User by, Optional<String> message) {
    synchronized (mr) {
      if (!"opened".equals(mr.state())) {
        throw new IllegalStateException("merge request !" + mr.iid + " is " + mr.state()
            + "; only an open merge request can be merged");
      }
      Repository repository = mr.project.repository();
      String head = repository.head().map(Commit::sha).orElse(mr.commit.sha());
      String title = "Merge branch '" + mr.sourceBranch + "' into '"
          + mr.project.defaultBranch() + "'";
      String body = message.orElse(title + "\n\n" + mr.title + "\n\nSee merge request "
          + mr.project.path() + "!" + mr.iid);
      Commit merge = new Commit(ScenarioSeeder.sha1(mr.project.path() + "!" + mr.iid + "@"
          + now()), body.lines().findFirst().orElse(title), body, by, now(), List.of(),
          List.of(head, mr.commit.sha()));
      repository.merge(mr.sourceBranch, merge);
      mr.merged(by, now(), merge);
      return mr;
    }
  }

  /** Adds and removes labels on a merge request, recording label events by {@code user}. */
  public void relabel(MergeRequest mr, List<String> add, List<String> remove, User user) {
    synchronized (mr) {
      changeLabels(mr.labels, mr.labelEvents, "MergeRequest", mr.id, add, remove, user);
      mr.updatedAt = now();
    }
  }

  private void changeLabels(List<String> current, List<LabelEvent> events, String type, long id,
      List<String> add, List<String> remove, User user) {
    for (String name : remove) {
      if (current.remove(name)) {
        events.add(new LabelEvent(eventIds.incrementAndGet(), user, now(), type, id, label(name),
            "remove"));
      }
    }
    for (String name : add) {
      if (!current.contains(name)) {
        current.add(name);
        events.add(new LabelEvent(eventIds.incrementAndGet(), user, now(), type, id, label(name),
            "add"));
      }
    }
  }

  void seedLabelEvent(MergeRequest mr, User user, Instant at, String name, String action) {
    mr.labelEvents.add(new LabelEvent(eventIds.incrementAndGet(), user, at, "MergeRequest", mr.id,
        label(name), action));
  }

  /** The label with this name (GitLab labels are per project; the sandbox shares them). */
  public Label label(String name) {
    return labels.computeIfAbsent(name, n -> new Label(ids.incrementAndGet(), n,
        LabelColor.of(n), now()));
  }

  // --- issues

  public List<Issue> issues(Project project) {
    return issues.stream().filter(i -> i.project.id() == project.id()).toList();
  }

  public Optional<Issue> issue(Project project, long iid) {
    return issues(project).stream().filter(i -> i.iid == iid).findFirst();
  }

  /** Opens an issue (or incident) and announces it. */
  public Issue createIssue(Project project, String title, String description, List<String> labels,
      String issueType, boolean confidential, User author) {
    Issue issue = addIssue(project, title, description, labels, issueType, author, now(),
        "opened");
    issue.confidential = confidential;
    issueListeners.forEach(l -> l.accept(new IssueChange(issue, "open", author,
        Optional.empty())));
    return issue;
  }

  Issue addIssue(Project project, String title, String description, List<String> labelNames,
      String issueType, User author, Instant at, String state) {
    long iid = issues(project).stream().mapToLong(i -> i.iid).max().orElse(0) + 1;
    Issue issue = new Issue(ids.incrementAndGet(), iid, project, issueType, author, at, title,
        description == null ? "" : description, state);
    labelNames.forEach(l -> {
      label(l);
      issue.labels.add(l);
    });
    if ("closed".equals(state)) {
      issue.closedAt = at;
      issue.closedBy = author;
    }
    issues.add(issue);
    return issue;
  }

  /**
   * Applies one API call's changes to an issue (labels changes recorded as label events) and,
   * when something changed, announces it: close, reopen, or update.
   */
  public void editIssue(Issue issue, IssueEdit edit, User user) {
    Issue.Fields before;
    String action;
    synchronized (issue) {
      before = issue.fields();
      edit.title().ifPresent(t -> issue.title = t);
      edit.description().ifPresent(d -> issue.description = d);
      edit.confidential().ifPresent(c -> issue.confidential = c);
      action = edit.stateEvent().map(event -> changeState(issue, event, user)).orElse("update");
      edit.labels().ifPresent(replace -> changeLabels(issue.labels, issue.labelEvents, "Issue",
          issue.id, replace, issue.labels.stream().filter(l -> !replace.contains(l)).toList(),
          user));
      changeLabels(issue.labels, issue.labelEvents, "Issue", issue.id, edit.addLabels(),
          edit.removeLabels(), user);
      if (issue.fields().equals(before)) {
        return;
      }
      issue.updatedAt = now();
      issue.updatedBy = user;
    }
    issueListeners.forEach(l -> l.accept(new IssueChange(issue, action, user,
        Optional.of(before))));
  }

  private String changeState(Issue issue, String event, User user) {
    if ("close".equals(event) && "opened".equals(issue.state)) {
      issue.state = "closed";
      issue.closedAt = now();
      issue.closedBy = user;
      return "close";
    }
    if ("reopen".equals(event) && "closed".equals(issue.state)) {
      issue.state = "opened";
      issue.closedAt = null;
      issue.closedBy = null;
      return "reopen";
    }
    return "update";
  }

  /** Called with every issue opened or changed through the API. */
  public void onIssue(Consumer<IssueChange> listener) {
    issueListeners.add(listener);
  }

  /** Adds a comment to an issue. */
  public Note addNote(Issue issue, String body, User author) {
    Note note = new Note(noteIds.incrementAndGet(), body, author, now(), issue.id, issue.iid,
        "Issue", issue.project.id());
    synchronized (issue) {
      issue.notes.add(note);
      issue.updatedAt = now();
    }
    return note;
  }

  // --- hooks

  public List<Hook> hooks(Project project) {
    return hooks.stream().filter(h -> h.projectId() == project.id()).toList();
  }

  public Hook addHook(Project project, String url, Optional<String> token, boolean pipeline,
      boolean job, boolean deployment, boolean push, boolean issuesEvents,
      boolean confidentialIssuesEvents, boolean mrEvents, boolean noteEvents, boolean ssl) {
    Hook hook = new Hook(ids.incrementAndGet(), project.id(), url, token, pipeline, job,
        deployment, push, issuesEvents, confidentialIssuesEvents, mrEvents, noteEvents, ssl,
        now());
    hooks.add(hook);
    return hook;
  }

  public boolean removeHook(Project project, long id) {
    return hooks.removeIf(h -> h.projectId() == project.id() && h.id() == id);
  }

  // --- schema_migrations

  /** Versions recorded as run in an environment's schema_migrations table, in order. */
  public java.util.SortedSet<String> schemaMigrations(String environment) {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(
        schemaMigrations.getOrDefault(environment, Set.of())));
  }

  /** Records a migration version as run on an environment. */
  public void markMigrated(String environment, String version) {
    schemaMigrations.computeIfAbsent(environment,
        e -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(version);
  }

  void seedSchemaMigrations(String environment, Set<String> versions) {
    Set<String> set = java.util.concurrent.ConcurrentHashMap.newKeySet();
    set.addAll(versions);
    schemaMigrations.put(environment, set);
  }

  /**
   * Takes Rails' migration advisory lock on an environment for a job; false while another
   * job that took it is still running (Rails then raises ConcurrentMigrationError).
   */
  public boolean lockMigrations(String environment, Job job) {
    Job holder = migrationLocks.get(environment);
    if (holder != null && holder != job && "running".equals(holder.status())) {
      return false;
    }
    migrationLocks.put(environment, job);
    return true;
  }

  /** Versions of every post-deploy migration on the canonical project's default branch. */
  public java.util.SortedSet<String> postDeployMigrationVersions() {
    return projectWithRole("canonical").map(p -> p.repository().commits().stream()
            .flatMap(c -> c.files().stream())
            .map(f -> dev.pdm.sandbox.scenario.PostMigrateFile.parse(f.path()))
            .flatMap(Optional::stream).map(dev.pdm.sandbox.scenario.PostMigrateFile::version)
            .collect(java.util.stream.Collectors.toCollection(TreeSet::new)))
        .orElseGet(TreeSet::new);
  }

  /** Environments whose schema_migrations the sandbox tracks. */
  public Set<String> trackedEnvironments() {
    return Set.copyOf(schemaMigrations.keySet());
  }
}
