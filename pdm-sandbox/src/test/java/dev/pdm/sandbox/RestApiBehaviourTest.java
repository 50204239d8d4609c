package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authentication, errors, pagination, ETags and rate-limit headers, as GitLab does them. */
class RestApiBehaviourTest {
  private static RunningSandbox running;
  private static Http http;

  @BeforeAll
  static void start() {
    running = RunningSandbox.start("happy");
    http = new Http(running.sandbox.apiUrl(), running.sandbox.token());
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  @Test
  void answers401WithGitLabsBodyWithoutAToken() {
    HttpResponse<String> response = new Http(running.sandbox.apiUrl(), null).get("/projects/278964");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
  }

  @Test
  void answers401ForAWrongToken() {
    assertThat(new Http(running.sandbox.apiUrl(), "wrong").get("/user").statusCode())
        .isEqualTo(401);
  }

  @Test
  void acceptsTheTokenAsABearerToken() {
    HttpResponse<String> response = new Http(running.sandbox.apiUrl(), null)
        .get("/user", "Authorization", "Bearer " + running.sandbox.token());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.parse(response.body()).get("username").asText()).isEqualTo("pdm-bot");
  }

  @Test
  void findsAProjectByItsUrlEncodedPath() {
    JsonNode project = http.json("/projects/gitlab-org%2Fsecurity%2Fgitlab");

    assertThat(project.get("id").asLong()).isEqualTo(15642544);
    assertThat(project.get("path_with_namespace").asText()).isEqualTo("gitlab-org/security/gitlab");
  }

  @Test
  void answers404ForAProjectTheTokenCannotSee() {
    Http limited = new Http(running.sandbox.apiUrl(), "sandbox-canonical-only-token");

    assertThat(limited.get("/projects/278964").statusCode()).isEqualTo(200);
    HttpResponse<String> hidden = limited.get("/projects/gitlab-com%2Fgl-infra%2Fproduction");
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).isEqualTo("{\"message\":\"404 Project Not Found\"}");
  }

  @Test
  void answers400NamingTheMissingParameter() {
    HttpResponse<String> response = http.post("/projects/11437/pipeline", "{}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"ref is missing\"}");
  }

  @Test
  void paginatesListsWithGitLabsHeaders() {
    HttpResponse<String> first = http.get("/projects/278964/deployments?per_page=2");
    HttpResponse<String> third = http.get("/projects/278964/deployments?per_page=2&page=3");

    assertThat(Http.parse(first.body())).hasSize(2);
    assertThat(first.headers().firstValue("X-Page")).contains("1");
    assertThat(first.headers().firstValue("X-Per-Page")).contains("2");
    assertThat(first.headers().firstValue("X-Total")).contains("6");
    assertThat(first.headers().firstValue("X-Total-Pages")).contains("3");
    assertThat(first.headers().firstValue("X-Next-Page")).contains("2");
    assertThat(first.headers().firstValue("Link").orElseThrow())
        .contains("page=2>; rel=\"next\"").contains("rel=\"first\"").contains("rel=\"last\"");
    assertThat(Http.parse(third.body())).hasSize(2);
    assertThat(third.headers().firstValue("X-Next-Page")).contains("");
    assertThat(third.headers().firstValue("X-Prev-Page")).contains("2");
  }

  @Test
  void answers304WhenTheETagStillMatches() {
    HttpResponse<String> first = http.get("/projects/278964/environments");
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = http.get("/projects/278964/environments", "If-None-Match", etag);

    assertThat(etag).startsWith("W/\"");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void sendsRateLimitHeaders() {
    HttpResponse<String> response = http.get("/version");

    assertThat(response.headers().firstValue("RateLimit-Limit")).contains("2000");
    assertThat(response.headers().firstValue("RateLimit-Remaining")).isPresent();
    assertThat(response.headers().firstValue("RateLimit-Reset")).isPresent();
  }

  @Test
  void filtersDeploymentsByEnvironmentAndStatusNewestFirst() {
    JsonNode deployments = http.json("/projects/278964/deployments?environment=gstg"
        + "&status=success&order_by=id&sort=desc");

    assertThat(deployments).hasSize(2);
    assertThat(deployments.get(0).get("ref").asText()).isEqualTo("17-6-auto-deploy-2024110808");
  }

  @Test
  void comparesTheRecordedMigrationShaWithTheDeployedPackage() {
    String from = http.json("/projects/278964/deployments?environment=db%2Fgstg").get(0)
        .get("sha").asText();
    String to = http.json("/projects/278964/deployments?environment=gstg&sort=desc").get(0)
        .get("sha").asText();

    JsonNode compare = http.json("/projects/278964/repository/compare?from=" + from + "&to=" + to);

    assertThat(compare.get("commits")).hasSize(5);
    assertThat(compare.get("diffs").findValuesAsText("new_path")).filteredOn(
        p -> p.startsWith("db/post_migrate/")).containsExactly(
        "db/post_migrate/20241105093011_add_index_ci_pipelines_on_auto_canceled_by_id.rb",
        "db/post_migrate/20241106150244_create_ci_job_token_authorizations_archive.rb",
        "db/post_migrate/20241107101010_remove_merge_requests_merge_jid_legacy.rb",
        "db/post_migrate/20241108120000_queue_backfill_issue_links_namespace_id.rb");
    assertThat(compare.get("diffs").get(0).get("new_file").asBoolean()).isTrue();
  }

  @Test
  void tracesAPostMigrateFileToItsCommitAndMergeRequest() {
    String path = "db/post_migrate/20241106150244_create_ci_job_token_authorizations_archive.rb";
    JsonNode commits = http.json("/projects/278964/repository/commits?path=" + path);
    String sha = commits.get(0).get("id").asText();

    JsonNode mrs = http.json("/projects/278964/repository/commits/" + sha + "/merge_requests");
    JsonNode file = http.json("/projects/278964/repository/files/"
        + path.replace("/", "%2F") + "?ref=master");

    assertThat(commits).hasSize(1);
    assertThat(mrs.get(0).get("iid").asLong()).isEqualTo(171204);
    assertThat(mrs.get(0).get("author").get("username").asText()).isEqualTo("bruno-costa");
    assertThat(new String(java.util.Base64.getDecoder().decode(file.get("content").asText())))
        .contains("class CreateCiJobTokenAuthorizationsArchive");
  }

  @Test
  void listsOpenIncidentsByTypeAndLabel() {
    running.load("incident-active");
    try {
      JsonNode incidents = http.json("/projects/gitlab-com%2Fgl-infra%2Fproduction/issues"
          + "?issue_type=incident&state=opened&labels=severity::2");

      assertThat(incidents).hasSize(1);
      assertThat(incidents.get(0).get("issue_type").asText()).isEqualTo("incident");
    } finally {
      running.load("happy");
    }
  }

  @Test
  void listsMergeRequestsCarryingAllTheGivenLabels() {
    JsonNode approved = http.json("/projects/278964/merge_requests?labels=database::approved,"
        + "group::authorization");

    assertThat(approved).hasSize(1);
    assertThat(approved.get(0).get("iid").asLong()).isEqualTo(171204);
  }

  @Test
  void acceptsFormEncodedPipelineVariablesLikeGitLab() {
    HttpResponse<String> created = http.postForm("/projects/11437/pipeline",
        "ref=master&variables[][key]=DEPLOY_ENVIRONMENT&variables[][value]=gprd"
            + "&variables[][key]=PDM_STAGE&variables[][value]=production");
    long id = Http.parse(created.body()).get("id").asLong();

    JsonNode variables = http.json("/projects/11437/pipelines/" + id + "/variables");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(variables.get(1).get("key").asText()).isEqualTo("PDM_STAGE");
    assertThat(variables.get(1).get("value").asText()).isEqualTo("production");
  }

  @Test
  void answers404ForUnknownRoutes() {
    HttpResponse<String> response = http.get("/projects/278964/nothing-here");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"message\":\"404 Not Found\"}");
  }
}
