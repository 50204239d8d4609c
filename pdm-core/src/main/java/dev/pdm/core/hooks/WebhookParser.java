package dev.pdm.core.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdm.core.hooks.GitLabObservation.DeploymentObserved;
import dev.pdm.core.hooks.GitLabObservation.IssueObserved;
import dev.pdm.core.hooks.GitLabObservation.JobObserved;
import dev.pdm.core.hooks.GitLabObservation.PipelineObserved;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gitlab4j.api.webhook.BuildEvent;
import org.gitlab4j.api.webhook.DeploymentEvent;
import org.gitlab4j.api.webhook.JobEvent;
import org.gitlab4j.api.webhook.PipelineEvent;
import org.gitlab4j.models.utils.JacksonJson;

/**
 * Turns a GitLab webhook delivery ({@code X-Gitlab-Event} header + JSON body) into an observation, using
 * gitlab4j-models' webhook types, after checking the fields pdm relies on. Accepts both job-hook shapes GitLab has
 * sent: {@code object_kind: build} ({@code build_*} fields) and {@code object_kind: job} ({@code job_*} fields). Issue
 * hooks (confidential ones included) name only the issue, which pdm then reads from the API.
 */
public final class WebhookParser {
  /** Every status GitLab gives pipelines, jobs and deployments. */
  public static final Set<String> STATUSES = Set.of("created", "waiting_for_resource", "preparing", "pending",
      "running", "success", "failed", "canceled", "canceling", "skipped", "manual", "scheduled", "blocked");
  private static final ObjectMapper MAPPER = new JacksonJson().getObjectMapper();

  private WebhookParser() {
  }

  public static ParsedHook parse(String eventHeader, String body) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return new ParsedHook.Invalid("malformed JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr()));
    }
    if (tree == null || !tree.isObject()) {
      return new ParsedHook.Invalid("body: expected a JSON object");
    }
    String kind = tree.path("object_kind").asText("");
    String event = eventHeader == null ? "" : eventHeader.trim();
    try {
      return switch (event) {
        case "Pipeline Hook" -> expectKind(kind, "pipeline").orElseGet(() -> pipeline(tree));
        case "Job Hook" -> kind.equals("job") ? job(tree)
            : expectKind(kind, "build").orElseGet(() -> build(tree));
        case "Deployment Hook" -> expectKind(kind, "deployment").orElseGet(() -> deployment(tree));
        case "Issue Hook", "Confidential Issue Hook" -> expectKind(kind, "issue").orElseGet(() -> issue(tree));
        case "" -> new ParsedHook.Invalid("X-Gitlab-Event: required header is missing");
        default -> new ParsedHook.Ignored("pdm does not follow " + event + " events");
      };
    } catch (WrongShape e) {
      return new ParsedHook.Invalid(e.getMessage());
    }
  }

  private static Optional<ParsedHook> expectKind(String kind, String expected) {
    return kind.equals(expected) ? Optional.empty()
        : Optional.of(new ParsedHook.Invalid("object_kind: expected \"" + expected + "\" for this X-Gitlab-Event (got \""
            + kind + "\")"));
  }

  private static ParsedHook pipeline(JsonNode tree) {
    requireNumber(tree, "object_attributes", "id");
    requireStatus(tree, "object_attributes", "status");
    requireNumber(tree, "project", "id");
    PipelineEvent e = bind(tree, PipelineEvent.class);
    PipelineEvent.ObjectAttributes a = e.getObjectAttributes();
    Map<String, String> variables = new LinkedHashMap<>();
    if (a.getVariables() != null) {
      a.getVariables().forEach(v -> variables.put(v.getKey(), v.getValue()));
    }
    List<JobObserved> jobs = new ArrayList<>();
    JsonNode builds = tree.path("builds");
    for (int i = 0; i < builds.size(); i++) {
      JsonNode b = builds.get(i);
      String prefix = "builds[" + i + "]";
      jobs.add(new JobObserved(e.getProject().getId(), a.getId(), number(b, prefix, "id"), text(b, prefix, "name"),
          b.path("stage").asText(""), status(b, prefix, "status"), optionalText(b, "failure_reason")));
    }
    return new ParsedHook.Observed(new PipelineObserved(e.getProject().getId(), a.getId(), a.getStatus(),
        nullToEmpty(a.getRef()), nullToEmpty(a.getSha()), Map.copyOf(variables), Optional.ofNullable(a.getUrl()),
        List.copyOf(jobs)));
  }

  private static ParsedHook build(JsonNode tree) {
    requireNumber(tree, null, "build_id");
    requireNumber(tree, null, "pipeline_id");
    requireNumber(tree, null, "project_id");
    requireStatus(tree, null, "build_status");
    BuildEvent e = bind(tree, BuildEvent.class);
    return new ParsedHook.Observed(new JobObserved(e.getProjectId(), e.getPipelineId(), e.getBuildId(),
        nullToEmpty(e.getBuildName()), nullToEmpty(e.getBuildStage()), e.getBuildStatus(),
        Optional.ofNullable(e.getBuildFailureReason())));
  }

  private static ParsedHook job(JsonNode tree) {
    requireNumber(tree, null, "job_id");
    requireNumber(tree, null, "project_id");
    requireStatus(tree, null, "job_status");
    JobEvent e = bind(tree, JobEvent.class);
    long pipelineId = tree.path("pipeline_id").isIntegralNumber() ? tree.path("pipeline_id").asLong()
        : tree.path("commit").path("id").asLong();
    return new ParsedHook.Observed(new JobObserved(e.getProjectId(), pipelineId, e.getJobId(),
        nullToEmpty(e.getJobName()), nullToEmpty(e.getJobStage()), e.getJobStatus(),
        Optional.ofNullable(e.getJobFailureReason())));
  }

  private static ParsedHook deployment(JsonNode tree) {
    requireNumber(tree, null, "deployment_id");
    requireNumber(tree, "project", "id");
    requireText(tree, null, "environment");
    requireStatus(tree, null, "status");
    DeploymentEvent e = bind(tree, DeploymentEvent.class);
    return new ParsedHook.Observed(new DeploymentObserved(e.getProject().getId(), e.getDeploymentId(),
        e.getEnvironment(), e.getStatus(), Optional.ofNullable(e.getShortSha())));
  }

  /** Only which issue: what it says is read from GitLab's API, never taken from the payload. */
  private static ParsedHook issue(JsonNode tree) {
    long iid = number(tree.path("object_attributes"), "object_attributes", "iid");
    long projectId = number(tree.path("project"), "project", "id");
    return new ParsedHook.Observed(new IssueObserved(projectId, iid));
  }

  private static <T> T bind(JsonNode tree, Class<T> type) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      String path = e.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      throw new WrongShape(path + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new WrongShape("body: " + e.getOriginalMessage());
    }
  }

  private static void requireNumber(JsonNode tree, String parent, String field) {
    number(parent == null ? tree : tree.path(parent), parent, field);
  }

  private static long number(JsonNode node, String parent, String field) {
    JsonNode v = node.path(field);
    if (!v.isIntegralNumber()) {
      throw new WrongShape(path(parent, field) + ": expected a whole number" + got(v));
    }
    return v.asLong();
  }

  private static void requireText(JsonNode tree, String parent, String field) {
    text(parent == null ? tree : tree.path(parent), parent, field);
  }

  private static String text(JsonNode node, String parent, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new WrongShape(path(parent, field) + ": expected a non-empty string" + got(v));
    }
    return v.asText();
  }

  private static void requireStatus(JsonNode tree, String parent, String field) {
    status(parent == null ? tree : tree.path(parent), parent, field);
  }

  private static String status(JsonNode node, String parent, String field) {
    String status = text(node, parent, field);
    if (!STATUSES.contains(status)) {
      throw new WrongShape(path(parent, field) + ": expected a GitLab status such as running, success or failed (got \""
          + abbreviate(status) + "\")");
    }
    return status;
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  private static String path(String parent, String field) {
    return parent == null ? field : parent + "." + field;
  }

  private static String got(JsonNode v) {
    return v.isMissingNode() ? " (missing)" : " (got " + abbreviate(v.toString()) + ")";
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A field pdm needs is missing or of the wrong type. */
  private static final class WrongShape extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongShape(String message) {
      super(message, null, false, false);
    }
  }
}
