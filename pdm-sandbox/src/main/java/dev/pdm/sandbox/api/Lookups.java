package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.Issue;
import dev.pdm.sandbox.state.MergeRequest;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.User;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Resolves path parameters to state objects, answering 404 like GitLab when they are missing. */
final class Lookups {
  private final Backend backend;

  Lookups(Backend backend) {
    this.backend = backend;
  }

  GitLabState state() {
    return backend.state();
  }

  /** {@code :id} as a numeric id or URL-encoded path; 404 if absent or hidden from the token. */
  Project project(ApiRequest request) {
    return state().project(request.required("id")).filter(p -> request.canSee(p.path()))
        .orElseThrow(() -> ApiError.notFound("Project"));
  }

  MergeRequest mergeRequest(ApiRequest request) {
    Project project = project(request);
    return state().mergeRequest(project, request.requiredLong("merge_request_iid"))
        .orElseThrow(() -> ApiError.notFound("Merge Request"));
  }

  Issue issue(ApiRequest request) {
    Project project = project(request);
    return state().issue(project, request.requiredLong("issue_iid"))
        .orElseThrow(() -> ApiError.notFound("Issue"));
  }

  User caller() {
    return state().apiUser();
  }

  /** An ISO 8601 time parameter; 400 naming the parameter when it does not parse. */
  static Optional<Instant> time(ApiRequest request, String name) {
    return request.param(name).map(value -> {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(value);
        } catch (DateTimeParseException again) {
          throw ApiError.invalid(name + " is invalid");
        }
      }
    });
  }
}
