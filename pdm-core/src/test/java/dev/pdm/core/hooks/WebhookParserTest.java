package dev.pdm.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.hooks.GitLabObservation.DeploymentObserved;
import dev.pdm.core.hooks.GitLabObservation.JobObserved;
import dev.pdm.core.hooks.GitLabObservation.PipelineObserved;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

  private static String fixture(String name) throws IOException {
    return Files.readString(Path.of(System.getProperty("pdm.fixtures"), "webhooks", name));
  }

  private static GitLabObservation observed(String event, String body) {
    ParsedHook parsed = WebhookParser.parse(event, body);
    assertThat(parsed).isInstanceOf(ParsedHook.Observed.class);
    return ((ParsedHook.Observed) parsed).observation();
  }

  private static String invalid(String event, String body) {
    ParsedHook parsed = WebhookParser.parse(event, body);
    assertThat(parsed).isInstanceOf(ParsedHook.Invalid.class);
    return ((ParsedHook.Invalid) parsed).reason();
  }

  @Test
  void readsGitLabsDocumentedPipelineHookWithItsVariablesAndJobs() throws IOException {
    PipelineObserved p = (PipelineObserved) observed("Pipeline Hook", fixture("pipeline-hook.json"));

    assertThat(p.pipelineId()).isEqualTo(31);
    assertThat(p.status()).isEqualTo("success");
    assertThat(p.ref()).isEqualTo("master");
    assertThat(p.variables()).containsEntry("NESTOR_PROD_ENVIRONMENT", "us-west-1");
    assertThat(p.webUrl()).contains("http://example.com/gitlab-org/gitlab-test/-/pipelines/31");
    assertThat(p.jobs()).isNotEmpty().allSatisfy(j -> assertThat(j.pipelineId()).isEqualTo(31));
    assertThat(p.jobs()).extracting(JobObserved::name).contains("production");
  }

  @Test
  void anIssueHookNamesOnlyTheIssueToReadFromTheApi() throws IOException {
    GitLabObservation.IssueObserved issue = (GitLabObservation.IssueObserved) observed("Issue Hook",
        fixture("issue-hook.json"));
    GitLabObservation confidential = observed("Confidential Issue Hook", fixture("issue-hook.json"));

    assertThat(issue).isEqualTo(new GitLabObservation.IssueObserved(1, 23));
    assertThat(confidential).isEqualTo(issue);
    assertThat(invalid("Issue Hook", "{\"object_kind\":\"issue\",\"project\":{\"id\":1},\"object_attributes\":{}}"))
        .isEqualTo("object_attributes.iid: expected a whole number (missing)");
  }

  @Test
  void readsGitlab4jsPipelineEvent() throws IOException {
    PipelineObserved p = (PipelineObserved) observed("Pipeline Hook", fixture("gitlab4j-pipeline-event.json"));

    assertThat(p.pipelineId()).isPositive();
    assertThat(WebhookParser.STATUSES).contains(p.status());
  }

  @Test
  void readsBothShapesOfJobHooks() throws IOException {
    JobObserved documented = (JobObserved) observed("Job Hook", fixture("job-hook.json"));
    assertThat(documented.jobId()).isEqualTo(1977);
    assertThat(documented.pipelineId()).isEqualTo(2366);
    assertThat(documented.name()).isEqualTo("test");
    assertThat(documented.status()).isEqualTo("created");
    assertThat(documented.projectId()).isEqualTo(380);

    JobObserved build = (JobObserved) observed("Job Hook", fixture("gitlab4j-build-event.json"));
    assertThat(build.jobId()).isPositive();

    JobObserved job = (JobObserved) observed("Job Hook", fixture("gitlab4j-job-event.json"));
    assertThat(job.jobId()).isEqualTo(1977);
    assertThat(job.status()).isEqualTo("created");
  }

  @Test
  void readsBothDeploymentHooks() throws IOException {
    DeploymentObserved documented = (DeploymentObserved) observed("Deployment Hook", fixture("deployment-hook.json"));
    assertThat(documented.environment()).isNotBlank();
    assertThat(WebhookParser.STATUSES).contains(documented.status());

    DeploymentObserved g4j = (DeploymentObserved) observed("Deployment Hook",
        fixture("gitlab4j-deployment-event.json"));
    assertThat(g4j.deploymentId()).isPositive();
  }

  @Test
  void otherEventsAreIgnoredNotRejected() {
    assertThat(WebhookParser.parse("Push Hook", "{\"object_kind\":\"push\"}")).isInstanceOf(ParsedHook.Ignored.class);
  }

  @Test
  void malformedJsonIsRejectedWithWhere() {
    assertThat(invalid("Pipeline Hook", "{\"object_kind\": \"pipeline\",")).startsWith("malformed JSON: ")
        .contains("line 1");
    assertThat(invalid("Pipeline Hook", "[1,2]")).isEqualTo("body: expected a JSON object");
  }

  @Test
  void wrongTypesAndMissingFieldsAreNamed() throws IOException {
    String pipeline = fixture("pipeline-hook.json");
    assertThat(invalid("Pipeline Hook", pipeline.replace("\"id\": 31", "\"id\": \"thirty-one\"")))
        .isEqualTo("object_attributes.id: expected a whole number (got \"thirty-one\")");
    assertThat(invalid("Pipeline Hook", pipeline.replace("\"status\": \"success\"", "\"status\": \"great\"")))
        .startsWith("object_attributes.status: expected a GitLab status");
    assertThat(invalid("Job Hook", "{\"object_kind\":\"build\",\"build_id\":1}"))
        .isEqualTo("pipeline_id: expected a whole number (missing)");
  }

  @Test
  void theEventHeaderMustAgreeWithTheBody() throws IOException {
    assertThat(invalid("Job Hook", fixture("pipeline-hook.json")))
        .isEqualTo("object_kind: expected \"build\" for this X-Gitlab-Event (got \"pipeline\")");
    assertThat(invalid(null, fixture("pipeline-hook.json"))).isEqualTo("X-Gitlab-Event: required header is missing");
  }

  @Test
  void thousandsOfRandomPayloadsNeverThrow() throws IOException {
    Random random = new Random(42);
    String[] events = {"Pipeline Hook", "Job Hook", "Deployment Hook", "Push Hook", "", null};
    String[] seeds = {fixture("pipeline-hook.json"), fixture("job-hook.json"), fixture("deployment-hook.json")};
    for (int i = 0; i < 3000; i++) {
      String seed = seeds[random.nextInt(seeds.length)];
      StringBuilder body = new StringBuilder(seed);
      for (int m = 0; m < 1 + random.nextInt(8) && body.length() > 0; m++) {
        int at = random.nextInt(body.length());
        switch (random.nextInt(4)) {
          case 0 -> body.deleteCharAt(at);
          case 1 -> body.insert(at, (char) random.nextInt(128));
          case 2 -> body.setCharAt(at, "{}[]\",:0a-".charAt(random.nextInt(10)));
          default -> body.setLength(at);
        }
      }
      ParsedHook parsed = WebhookParser.parse(events[random.nextInt(events.length)], body.toString());
      assertThat(parsed).isNotNull();
    }
  }
}
