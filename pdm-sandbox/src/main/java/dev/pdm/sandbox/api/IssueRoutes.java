package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.Issue;
import dev.pdm.sandbox.state.Note;
import dev.pdm.sandbox.state.Project;
import io.vertx.core.json.JsonArray;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Issues and incidents (list, get, create, update) and their notes (list, create). */
final class IssueRoutes {
  private static final Set<String> ISSUE_TYPES = Set.of("issue", "incident", "test_case",
      "task");
  private static final Set<String> STATES = Set.of("opened", "closed", "all");
  private static final Set<String> STATE_EVENTS = Set.of("close", "reopen");

  private final Lookups lookups;
  private final GitLabJson json;

  IssueRoutes(Lookups lookups, GitLabJson json) {
    this.lookups = lookups;
    this.json = json;
  }

  void register(ApiRouter router) {
    router.get("/projects/:id/issues", this::list)
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

  private ApiResponse list(ApiRequest r) {
    Project project = lookups.project(r);
    List<String> labels = r.list("labels");
    String state = r.param("state").orElse("all");
    if (!STATES.contains(state)) {
      throw ApiError.invalid("state does not have a valid value");
    }
    Optional<String> type = r.param("issue_type").map(IssueRoutes::issueType);
    Optional<String> search = r.param("search");
    return ApiResponse.ok(new JsonArray(lookups.state().issues(project).stream()
        .filter(i -> "all".equals(state) || state.equals(i.state()))
        .filter(i -> i.labels().containsAll(labels))
        .filter(i -> type.map(t -> t.equals(i.issueType)).orElse(true))
        .filter(i -> search.map(s -> i.title().contains(s) || i.description().contains(s))
            .orElse(true))
        .sorted(Comparator.comparing((Issue i) -> i.createdAt).reversed())
        .map(json::issue).toList()));
  }

  private ApiResponse create(ApiRequest r) {
    Project project = lookups.project(r);
    String title = r.required("title");
    String type = r.param("issue_type").map(IssueRoutes::issueType).orElse("issue");
    Issue issue = lookups.state().createIssue(project, title, r.param("description").orElse(""),
        r.list("labels"), type, r.flag("confidential", false), lookups.caller());
    return ApiResponse.created(json.issue(issue));
  }

  private ApiResponse update(ApiRequest r) {
    Issue issue = lookups.issue(r);
    Optional<String> stateEvent = r.param("state_event");
    stateEvent.filter(e -> !STATE_EVENTS.contains(e)).ifPresent(e -> {
      throw ApiError.invalid("state_event does not have a valid value");
    });
    lookups.state().updateIssue(issue, r.param("title"), r.param("description"), stateEvent,
        lookups.caller());
    if (r.param("labels").isPresent()) {
      lookups.state().replaceLabels(issue, r.list("labels"), lookups.caller());
    }
    lookups.state().relabel(issue, r.list("add_labels"), r.list("remove_labels"),
        lookups.caller());
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

  private static String issueType(String value) {
    if (!ISSUE_TYPES.contains(value)) {
      throw ApiError.invalid("issue_type does not have a valid value");
    }
    return value;
  }
}
