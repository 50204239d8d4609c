package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.Issue;
import dev.pdm.sandbox.state.IssueEdit;
import dev.pdm.sandbox.state.Note;
import dev.pdm.sandbox.state.Project;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Issues and incidents (the global list, a project's list, get, create, update) and their notes
 * (list, create).
 */
final class IssueRoutes {
  private static final Set<String> ISSUE_TYPES = Set.of("issue", "incident", "test_case",
      "task");
  private static final Set<String> STATES = Set.of("opened", "closed", "all");
  private static final Set<String> STATE_EVENTS = Set.of("close", "reopen");
  private static final Set<String> SCOPES = Set.of("created_by_me", "created-by-me",
      "assigned_to_me", "assigned-to-me", "all");

  private final Lookups lookups;
  private final GitLabJson json;

  IssueRoutes(Lookups lookups, GitLabJson json) {
    this.lookups = lookups;
    this.json = json;
  }

  void register(ApiRouter router) {
    router.get("/issues", this::listAll)
        .get("/projects/:id/issues", this::list)
        .post("/projects/:id/issues", this::create)
        .get("/projects/:id/issues/:issue_iid", r -> ApiResponse.ok(json.issue(
            lookups.issue(r))))
        .put("/projects/:id/issues/:issue_iid", this::update)
        .get("/projects/:id/issues/:issue_iid/resource_label_events", r -> ApiResponse.ok(
            new JsonArray(lookups.issue(r).labelEvents().stream().map(json::labelEvent)
                .toList())))
        .get("/projects/:id/issues/:issue_iid/notes", this::notes)
        .post("/projects/:id/issues/:issue_iid/notes", r -> {
          Issue issue = lookups.issue(r);
          Note note = lookups.state().addNote(issue, r.required("body"), lookups.caller());
          return ApiResponse.created(json.note(note));
        });
  }

  /**
   * {@code GET /issues}: issues of every project the token sees, by default only those the
   * caller opened ({@code scope=created_by_me}), as GitLab does.
   */
  private ApiResponse listAll(ApiRequest r) {
    return answer(r, lookups.state().projects().stream().filter(p -> r.canSee(p.path()))
        .flatMap(p -> lookups.state().issues(p).stream()).filter(scope(r, "created_by_me")));
  }

  private ApiResponse list(ApiRequest r) {
    Project project = lookups.project(r);
    return answer(r, lookups.state().issues(project).stream().filter(scope(r, "all")));
  }

  /** GitLab's {@code scope}: created_by_me, assigned_to_me (sandbox issues have no assignee), all. */
  private Predicate<Issue> scope(ApiRequest r, String otherwise) {
    return switch (r.oneOf("scope", SCOPES).orElse(otherwise).replace('-', '_')) {
      case "all" -> i -> true;
      case "created_by_me" -> i -> i.author.id() == lookups.caller().id();
      default -> i -> false;
    };
  }

  /** GitLab's issue filters, order and sort, on a stream of issues. */
  private ApiResponse answer(ApiRequest r, Stream<Issue> issues) {
    List<String> labels = r.list("labels");
    String state = r.oneOf("state", STATES).orElse("all");
    Optional<String> type = r.oneOf("issue_type", ISSUE_TYPES);
    Optional<String> search = r.param("search").map(s -> s.toLowerCase(Locale.ROOT));
    Optional<String> author = r.param("author_username");
    Optional<Boolean> confidential = r.param("confidential").map(Boolean::parseBoolean);
    List<String> iids = r.list("iids");
    Optional<Instant> createdAfter = Lookups.time(r, "created_after");
    Optional<Instant> createdBefore = Lookups.time(r, "created_before");
    Optional<Instant> updatedAfter = Lookups.time(r, "updated_after");
    Optional<Instant> updatedBefore = Lookups.time(r, "updated_before");
    Comparator<Issue> order = "updated_at".equals(r.oneOf("order_by",
            Set.of("created_at", "updated_at")).orElse("created_at"))
        ? Comparator.comparing(Issue::updatedAt) : Comparator.comparing((Issue i) -> i.createdAt);
    order = order.thenComparingLong(i -> i.id);
    boolean ascending = "asc".equals(r.oneOf("sort", Set.of("asc", "desc")).orElse("desc"));
    return ApiResponse.ok(new JsonArray(issues
        .filter(i -> "all".equals(state) || state.equals(i.state()))
        .filter(i -> labelsMatch(labels, i.labels()))
        .filter(i -> type.map(t -> t.equals(i.issueType)).orElse(true))
        .filter(i -> search.map(s -> i.title().toLowerCase(Locale.ROOT).contains(s)
            || i.description().toLowerCase(Locale.ROOT).contains(s)).orElse(true))
        .filter(i -> author.map(a -> a.equals(i.author.username())).orElse(true))
        .filter(i -> confidential.map(c -> c == i.confidential()).orElse(true))
        .filter(i -> iids.isEmpty() || iids.contains(Long.toString(i.iid)))
        .filter(i -> createdAfter.map(t -> !i.createdAt.isBefore(t)).orElse(true))
        .filter(i -> createdBefore.map(t -> !i.createdAt.isAfter(t)).orElse(true))
        .filter(i -> updatedAfter.map(t -> !i.updatedAt().isBefore(t)).orElse(true))
        .filter(i -> updatedBefore.map(t -> !i.updatedAt().isAfter(t)).orElse(true))
        .sorted(ascending ? order : order.reversed())
        .map(json::issue).toList()));
  }

  /** GitLab's {@code labels}: all of the listed ones; {@code None}: no label; {@code Any}: some. */
  private static boolean labelsMatch(List<String> wanted, List<String> labels) {
    if (wanted.equals(List.of("None"))) {
      return labels.isEmpty();
    }
    if (wanted.equals(List.of("Any"))) {
      return !labels.isEmpty();
    }
    return labels.containsAll(wanted);
  }

  private ApiResponse create(ApiRequest r) {
    Project project = lookups.project(r);
    String title = r.required("title");
    String type = r.oneOf("issue_type", ISSUE_TYPES).orElse("issue");
    Issue issue = lookups.state().createIssue(project, title, r.param("description").orElse(""),
        r.list("labels"), type, r.flag("confidential", false), lookups.caller());
    return ApiResponse.created(json.issue(issue));
  }

  private ApiResponse update(ApiRequest r) {
    Issue issue = lookups.issue(r);
    IssueEdit edit = new IssueEdit(r.param("title"), r.param("description"),
        r.oneOf("state_event", STATE_EVENTS),
        r.param("labels").map(l -> r.list("labels")), r.list("add_labels"),
        r.list("remove_labels"), r.param("confidential").map(v -> r.flag("confidential",
            false)));
    lookups.state().editIssue(issue, edit, lookups.caller());
    return ApiResponse.ok(json.issue(issue));
  }

  private ApiResponse notes(ApiRequest r) {
    Issue issue = lookups.issue(r);
    Comparator<Note> byCreation = Comparator.comparing(Note::createdAt)
        .thenComparingLong(Note::id);
    return ApiResponse.ok(new JsonArray(issue.notes().stream()
        .sorted("asc".equals(r.param("sort").orElse("desc")) ? byCreation
            : byCreation.reversed())
        .map(json::note).toList()));
  }
}
