package dev.pdm.server.api;

import static dev.pdm.server.testing.SandboxedPdm.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.WithSandboxedPdm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rollback safety, against the simulated GitLab: packages deployed after post-deploy migrations ran. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class RollbackCheckTest extends WithSandboxedPdm {
  private static final List<String> RAN = List.of("20241105093011", "20241106150244", "20241107101010", "20241108120000");

  private HttpResponse<io.vertx.core.buffer.Buffer> check(String query) throws Exception {
    return join(pdm.get("/api/v1/rollback-check?" + query));
  }

  @Test
  void rollingBackToAPackageThatPredatesMigrationsThatRanIsUnsafeAndNamesThem(Vertx vertx) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, "rollback-unsafe"));

    HttpResponse<io.vertx.core.buffer.Buffer> answer = check("environment=gprd&to=17-6-auto-deploy-2024110412");

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    JsonObject report = answer.bodyAsJsonObject();
    JsonObject target = report.getJsonObject("target");
    assertThat(target.getBoolean("safe")).isFalse();
    assertThat(target.getString("ref")).isEqualTo("17-6-auto-deploy-2024110412");
    JsonArray blocking = target.getJsonArray("blocking");
    assertThat(blocking.stream().map(JsonObject.class::cast).map(m -> m.getString("version"))).containsExactlyElementsOf(RAN);
    JsonObject dml = blocking.getJsonObject(3);
    assertThat(dml.getString("class_name")).isEqualTo("QueueBackfillIssueLinksNamespaceId");
    assertThat(dml.getJsonObject("merge_request").getLong("iid")).isEqualTo(171450);
    assertThat(dml.getString("source")).startsWith("db/gprd deployment");
    assertThat(dml.getString("ran_at")).isNotBlank();
    assertThat(report.getJsonArray("pending")).containsExactly("20241109080000 AddIndexNotesOnReviewId");
    assertThat(report.getJsonArray("notes").encode()).contains("never block a rollback");
    JsonArray recent = report.getJsonArray("recent");
    assertThat(recent.stream().map(JsonObject.class::cast).map(p -> p.getString("ref") + " current=" + p.getBoolean("current")
        + " safe=" + p.getBoolean("safe"))).containsExactly(
        "17-6-auto-deploy-2024110914 current=true safe=true",
        "17-6-auto-deploy-2024110808 current=false safe=true",
        "17-6-auto-deploy-2024110412 current=false safe=false");
  }

  @Test
  void rollingBackToAPackageThatHasEveryMigrationThatRanIsSafeWhateverIsPending(Vertx vertx) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, "rollback-unsafe"));
    String sha = pdm.gitLab().deployments("gitlab-org/gitlab").stream()
        .filter(d -> d.environment().equals("db/gprd")).reduce((a, b) -> b).orElseThrow().sha();

    JsonObject byRef = check("environment=gprd&to=17-6-auto-deploy-2024110808").bodyAsJsonObject();
    JsonObject bySha = check("environment=gprd&to=" + sha.substring(0, 12)).bodyAsJsonObject();

    assertThat(byRef.getJsonObject("target").getBoolean("safe")).isTrue();
    assertThat(byRef.getJsonObject("target").getJsonArray("blocking")).isEmpty();
    assertThat(bySha.getJsonObject("target").getBoolean("safe")).isTrue();
    assertThat(bySha.getJsonObject("target").getString("sha")).isEqualTo(sha);
  }

  @Test
  void refusesAnUnknownEnvironmentOrPackageNamingTheFieldAndTheValue(Vertx vertx) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, "rollback-unsafe"));

    HttpResponse<io.vertx.core.buffer.Buffer> noEnvironment = check("environment=gxyz&to=17-6-auto-deploy-2024110412");
    HttpResponse<io.vertx.core.buffer.Buffer> noPackage = check("environment=gprd&to=yesterday");
    HttpResponse<io.vertx.core.buffer.Buffer> noCommit = check("environment=gprd&to=0123456789abcdef");

    assertThat(noEnvironment.statusCode()).isEqualTo(400);
    assertThat(noEnvironment.bodyAsJsonObject().getString("message")).contains("environment: expected one of [gstg, gprd]",
        "got gxyz");
    assertThat(noPackage.statusCode()).isEqualTo(400);
    assertThat(noPackage.bodyAsJsonObject().getString("message")).contains("to: expected a package ref", "got yesterday");
    assertThat(noCommit.statusCode()).as(noCommit.bodyAsString()).isEqualTo(400);
    assertThat(noCommit.bodyAsJsonObject().getString("message")).contains("to:", "0123456789abcdef");
  }
}
