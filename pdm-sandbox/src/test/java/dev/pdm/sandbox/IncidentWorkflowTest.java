package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens on GitLab after a failed migration, as the runbook goes on: issues and change
 * requests that move (with Issue Hooks), the no-op MR merged and deployed, a migration marked
 * complete by a DBRE. All of it over HTTP, as the demo's curl commands do.
 */
class IncidentWorkflowTest {
  private static final String PRODUCTION = "/projects/gitlab-com%2Fgl-infra%2Fproduction";
  private static final String CANONICAL = "/projects/278964";
  private static final String NO_OP_FILE =
      "db/post_migrate/20241106150244_create_ci_job_token_authorizations_archive.rb";
  private RunningSandbox running;
  private Http api;
  private Http root;

  private void given(String scenario) {
    running = RunningSandbox.start(scenario);
    api = running.api();
    root = running.root();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private JsonNode migrate(String env) {
    long id = running.migrate(env);
    running.runUntilIdle();
    return api.json("/projects/11437/pipelines/" + id);
  }

  private String migrationLog(JsonNode pipeline, String env) {
    for (JsonNode job : api.json("/projects/11437/pipelines/" + pipeline.get("id").asLong()
        + "/jobs")) {
      if (job.get("name").asText().equals(env + "-postdeploy-migrations")) {
        return api.get("/projects/11437/jobs/" + job.get("id").asLong() + "/trace").body();
      }
    }
    throw new AssertionError("no migration job");
  }

  @Test
  void theNoOpMrMergedAndDeployedEverywhereLetsTheNextRunMigrate() {
    given("staging-migration-fails");
    JsonNode failed = migrate("gstg");
    JsonNode open = api.json(CANONICAL + "/merge_requests?state=opened");

    HttpResponse<String> merged = root.post("/-/sandbox/merge", "{\"iid\": 171688}");
    HttpResponse<String> gstg = root.post("/-/sandbox/deploy", "{\"environment\":\"gstg\"}");
    HttpResponse<String> gprd = root.post("/-/sandbox/deploy", "{\"environment\":\"gprd\"}");
    JsonNode mr = api.json(CANONICAL + "/merge_requests/171688");
    JsonNode again = migrate("gstg");

    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(open).singleElement().satisfies(m -> {
      assertThat(m.get("iid").asLong()).isEqualTo(171688);
      assertThat(m.get("author").get("username").asText()).isEqualTo("bruno-costa");
      assertThat(m.get("merge_commit_sha").isNull()).isTrue();
    });
    assertThat(api.json(CANONICAL + "/merge_requests/171688/approvals").get("approved_by")
        .get(0).get("user").get("username").asText()).isEqualTo("dana-okafor");
    assertThat(merged.statusCode()).isEqualTo(200);
    assertThat(Http.parse(merged.body()).get("merged_by").asText()).isEqualTo("dana-okafor");
    assertThat(mr.get("state").asText()).isEqualTo("merged");
    String mergeCommit = mr.get("merge_commit_sha").asText();
    assertThat(api.json(CANONICAL + "/repository/commits?ref_name=master").get(0).get("id")
        .asText()).isEqualTo(mergeCommit);
    assertThat(Http.parse(gstg.body())).extracting(d -> d.get("project").asText())
        .containsExactly("gitlab-org/gitlab", "gitlab-org/security/gitlab");
    assertThat(Http.parse(gprd.body())).allSatisfy(d -> {
      assertThat(d.get("sha").asText()).isEqualTo(mergeCommit);
      assertThat(d.get("status").asText()).isEqualTo("success");
      assertThat(d.get("ref").asText()).startsWith("17-6-auto-deploy-");
    });
    assertThat(api.json(CANONICAL + "/environments?name=gprd").get(0).get("last_deployment")
        .get("sha").asText()).isEqualTo(mergeCommit);
    assertThat(api.json(CANONICAL + "/repository/commits/" + mergeCommit + "/merge_requests")
        .get(0).get("iid").asLong()).isEqualTo(171688);
    assertThat(again.get("status").asText()).isEqualTo("success");
    assertThat(migrationLog(again, "gstg"))
        .contains("CreateCiJobTokenAuthorizationsArchive: migrated")
        .doesNotContain("create_table").doesNotContain("AddIndexCiPipelinesOnAutoCanceledById");
    assertThat(running.sandbox.schemaMigrations("gstg")).contains("20241106150244",
        "20241108120000");
  }

  @Test
  void theNoOpMrChangesTheMigrationFileAndShowsAsAChangeNotANewFile() {
    given("staging-migration-fails");
    String before = api.json(CANONICAL + "/repository/commits?ref_name=master").get(0)
        .get("id").asText();
    String head = api.json(CANONICAL + "/merge_requests/171688").get("sha").asText();

    String onBranch = new String(java.util.Base64.getDecoder().decode(api.json(CANONICAL
        + "/repository/files/" + NO_OP_FILE.replace("/", "%2F") + "?ref=" + head)
        .get("content").asText()), java.nio.charset.StandardCharsets.UTF_8);
    RunningSandbox.await(running.sandbox.mergeMergeRequest("gitlab-org/gitlab", 171688,
        java.util.Optional.of("chen-wei")));
    JsonNode compare = api.json(CANONICAL + "/repository/compare?from=" + before
        + "&to=master");

    assertThat(onBranch).contains("def up\n    # no-op\n  end");
    assertThat(compare.get("commits")).hasSize(2);
    assertThat(compare.get("diffs")).singleElement().satisfies(d -> {
      assertThat(d.get("new_path").asText()).isEqualTo(NO_OP_FILE);
      assertThat(d.get("new_file").asBoolean()).isFalse();
      assertThat(d.get("diff").asText()).contains("-    create_table").contains("+    # no-op");
    });
    assertThat(running.sandbox.mergeRequests("gitlab-org/gitlab")).filteredOn(m -> m.iid()
        == 171688).singleElement().satisfies(m -> assertThat(m.mergedBy()).contains("chen-wei"));
  }

  @Test
  void mergesThroughGitLabsApiOnlyAnOpenMrAtItsHead() {
    given("staging-migration-fails");
    String head = api.json(CANONICAL + "/merge_requests/171688").get("sha").asText();

    HttpResponse<String> stale = api.put(CANONICAL + "/merge_requests/171688/merge",
        "{\"sha\":\"0123456789abcdef0123456789abcdef01234567\"}");
    HttpResponse<String> merged = api.put(CANONICAL + "/merge_requests/171688/merge",
        "{\"sha\":\"" + head + "\"}");
    HttpResponse<String> twice = api.put(CANONICAL + "/merge_requests/171688/merge", "{}");
    HttpResponse<String> viaIntrospection = root.post("/-/sandbox/merge", "{\"iid\": 171688}");

    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains(head);
    assertThat(merged.statusCode()).isEqualTo(200);
    assertThat(Http.parse(merged.body()).get("merged_by").get("username").asText())
        .isEqualTo("pdm-bot");
    assertThat(twice.statusCode()).isEqualTo(405);
    assertThat(viaIntrospection.statusCode()).isEqualTo(409);
    assertThat(root.post("/-/sandbox/merge", "{\"iid\": 1}").statusCode()).isEqualTo(404);
    assertThat(api.json(CANONICAL + "/merge_requests?state=opened")).isEmpty();
    assertThat(api.json(CANONICAL + "/merge_requests?state=merged")).hasSize(5);
  }

  @Test
  void deployRefusesWhatCannotTakeAPackageNamingIt() {
    given("happy");

    HttpResponse<String> missing = root.post("/-/sandbox/deploy", "{}");
    HttpResponse<String> record = root.post("/-/sandbox/deploy", "{\"environment\":\"db/gstg\"}");
    HttpResponse<String> project = root.post("/-/sandbox/deploy", "{\"environment\":\"gstg\","
        + "\"project\":\"nope/nope\"}");
    HttpResponse<String> one = root.post("/-/sandbox/deploy", "{\"environment\":\"gstg\","
        + "\"project\":\"gitlab-org/security/gitlab\",\"ref\":\"17-6-auto-deploy-2024110820\"}");

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("environment");
    assertThat(record.statusCode()).isEqualTo(400);
    assertThat(record.body()).contains("db/gstg");
    assertThat(project.body()).contains("nope/nope").contains("gitlab-org/gitlab");
    assertThat(Http.parse(one.body())).singleElement().satisfies(d -> assertThat(
        d.get("ref").asText()).isEqualTo("17-6-auto-deploy-2024110820"));
  }

  @Test
  void issuesMoveWithIssueHooksForOpenUpdateCloseAndReopen() {
    given("happy");
    HookReceiver hooks = new HookReceiver(running.vertx);
    api.post(PRODUCTION + "/hooks", "{\"url\":\"" + hooks.url() + "\",\"token\":\"s3cret-token"
        + "-123\",\"issues_events\":true,\"push_events\":false}");

    long iid = Http.parse(api.post(PRODUCTION + "/issues", "{\"title\":\"[C2] Mark 20241108120000"
        + " complete on gprd\",\"labels\":\"change,change::scheduled,C2\"}").body())
        .get("iid").asLong();
    api.put(PRODUCTION + "/issues/" + iid, "{\"add_labels\":\"change::in-progress\","
        + "\"remove_labels\":\"change::scheduled\"}");
    api.put(PRODUCTION + "/issues/" + iid, "{\"labels\":\"change,change::complete,C2\","
        + "\"state_event\":\"close\"}");
    api.put(PRODUCTION + "/issues/" + iid, "{\"state_event\":\"reopen\"}");
    api.put(PRODUCTION + "/issues/" + iid, "{\"state_event\":\"reopen\"}");

    JsonObject opened = action(hooks, "open");
    JsonObject updated = action(hooks, "update");
    JsonObject closed = action(hooks, "close");
    JsonObject reopened = action(hooks, "reopen");
    HookReceiver.pause(200);

    assertThat(hooks.received("Issue Hook")).hasSize(4);
    assertThat(opened.getJsonObject("object_attributes").getString("state")).isEqualTo("opened");
    assertThat(opened.getString("object_kind")).isEqualTo("issue");
    assertThat(labelTitles(updated.getJsonObject("changes").getJsonObject("labels")
        .getJsonArray("current"))).containsExactly("change", "C2", "change::in-progress");
    assertThat(labelTitles(updated.getJsonObject("changes").getJsonObject("labels")
        .getJsonArray("previous"))).contains("change::scheduled");
    assertThat(closed.getJsonObject("object_attributes").getString("state")).isEqualTo("closed");
    assertThat(closed.getJsonObject("changes").getJsonObject("state_id").getInteger("current"))
        .isEqualTo(2);
    assertThat(labelTitles(closed.getJsonArray("labels"))).contains("change::complete");
    assertThat(reopened.getJsonObject("object_attributes").getString("state"))
        .isEqualTo("opened");
    hooks.close();
  }

  @Test
  void aConfidentialIncidentIsAnnouncedOnlyToHooksThatAskForConfidentialIssues() {
    given("happy");
    HookReceiver plain = new HookReceiver(running.vertx);
    HookReceiver confidential = new HookReceiver(running.vertx);
    api.post(PRODUCTION + "/hooks", "{\"url\":\"" + plain.url() + "\",\"issues_events\":true}");
    api.post(PRODUCTION + "/hooks", "{\"url\":\"" + confidential.url() + "\","
        + "\"confidential_issues_events\":true}");

    JsonNode incident = Http.parse(api.post(PRODUCTION + "/issues", "{\"title\":\"Post-deploy"
        + " migration failed on gstg\",\"issue_type\":\"incident\",\"confidential\":true,"
        + "\"labels\":\"incident,severity::3\"}").body());
    JsonObject hook = confidential.await("Confidential Issue Hook", b -> true).body();
    HookReceiver.pause(200);

    assertThat(incident.get("confidential").asBoolean()).isTrue();
    assertThat(hook.getJsonObject("object_attributes").getString("type")).isEqualTo("Incident");
    assertThat(hook.getJsonObject("object_attributes").getString("severity"))
        .isEqualTo("medium");
    assertThat(plain.received("Issue Hook")).isEmpty();
    assertThat(plain.received("Confidential Issue Hook")).isEmpty();
    assertThat(running.sandbox.issues("gitlab-com/gl-infra/production"))
        .filteredOn(i -> i.confidential()).hasSize(1);
    plain.close();
    confidential.close();
  }

  @Test
  void theGlobalIssueListFiltersLikeGitLab() {
    given("change-in-progress");
    api.post(PRODUCTION + "/issues", "{\"title\":\"Post-deploy migrations: incident\","
        + "\"issue_type\":\"incident\",\"labels\":\"incident,severity::2\"}");

    JsonNode mine = api.json("/issues");
    JsonNode release = api.json("/issues?scope=all&labels=Monthly%20Release&state=opened");
    JsonNode changes = api.json("/issues?scope=all&labels=change::in-progress&state=opened");
    JsonNode incidents = api.json("/issues?scope=all&issue_type=incident&state=opened");
    JsonNode searched = api.json("/issues?scope=all&search=REPLICATION%20Certificates");
    HttpResponse<String> paged = api.get("/issues?scope=all&per_page=2&page=1");
    JsonNode restricted = new Http(running.sandbox.apiUrl(), "sandbox-canonical-only-token")
        .json("/issues?scope=all");

    assertThat(mine).singleElement().satisfies(i -> assertThat(i.get("author").get("username")
        .asText()).isEqualTo("pdm-bot"));
    assertThat(release).singleElement().satisfies(i -> assertThat(i.get("title").asText())
        .isEqualTo("Release 17.6"));
    assertThat(changes).hasSize(1);
    assertThat(incidents).singleElement().satisfies(i -> assertThat(i.get("title").asText())
        .contains("incident"));
    assertThat(searched).singleElement().satisfies(i -> assertThat(i.get("title").asText())
        .contains("Rotate Patroni"));
    assertThat(Http.parse(paged.body())).hasSize(2);
    assertThat(Integer.parseInt(paged.headers().firstValue("X-Total").orElseThrow()))
        .isGreaterThan(4);
    assertThat(restricted).isEmpty();
    assertThat(api.get("/issues?state=done").body())
        .isEqualTo("{\"error\":\"state does not have a valid value\"}");
    assertThat(api.get("/issues?scope=everything").statusCode()).isEqualTo(400);
  }

  @Test
  void aDbreMarksAMigrationCompleteSoTheProductionRunSkipsIt() {
    given("production-migration-fails");

    HttpResponse<String> marked = root.post("/-/sandbox/schema_migrations",
        "{\"environment\":\"gprd\",\"version\":\"20241108120000\"}");
    HttpResponse<String> twice = root.post("/-/sandbox/schema_migrations",
        "{\"environment\":\"gprd\",\"version\":\"20241108120000\"}");
    HttpResponse<String> unknownVersion = root.post("/-/sandbox/schema_migrations",
        "{\"environment\":\"gprd\",\"version\":\"20991231000000\"}");
    HttpResponse<String> unknownEnvironment = root.post("/-/sandbox/schema_migrations",
        "{\"environment\":\"pre\",\"version\":\"20241108120000\"}");
    JsonNode run = migrate("gprd");

    assertThat(marked.statusCode()).isEqualTo(201);
    assertThat(Http.parse(marked.body()).get("schema_migrations").toString())
        .contains("20241108120000");
    assertThat(twice.statusCode()).isEqualTo(200);
    assertThat(Http.parse(twice.body()).get("added").asBoolean()).isFalse();
    assertThat(unknownVersion.statusCode()).isEqualTo(400);
    assertThat(unknownVersion.body()).contains("20991231000000").contains("20241108120000");
    assertThat(unknownEnvironment.body()).contains("pre").contains("gprd").contains("gstg");
    assertThat(run.get("status").asText()).isEqualTo("success");
    assertThat(migrationLog(run, "gprd")).doesNotContain("20241108120000")
        .contains("RemoveMergeRequestsMergeJidLegacy: migrated");
    assertThat(root.json("/-/sandbox/schema_migrations").get("gprd")).hasSize(6);
  }

  private static JsonObject action(HookReceiver hooks, String action) {
    return hooks.await("Issue Hook", b -> action.equals(b.getJsonObject("object_attributes")
        .getString("action"))).body();
  }

  private static List<String> labelTitles(io.vertx.core.json.JsonArray labels) {
    List<String> titles = new ArrayList<>();
    labels.forEach(l -> titles.add(((JsonObject) l).getString("title")));
    return titles;
  }
}
