package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Given {@code pdm execute --yes --watch} in the happy scenario while GitLab answers the staging pipeline's creation
 * with a 502 (and creates nothing): pdm asks a person, who decides from the command line — triggers again (GitLab
 * answers that one with a 502 too), then adopts the pipeline they ran by hand.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TriggerInDoubtTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  @RegisterExtension
  static final GivenRun GIVEN = GivenRun.in("happy",
      server -> server.gitLab().faults().arm(HttpFault.before("POST", "/pipeline$", 502)));
  private static String runId;

  @BeforeAll
  static void theRunsId() {
    runId = GIVEN.runId();
  }

  @Test
  @Order(1)
  void executeWithWatchExits1AndSaysAPersonMustDecideAndHow() throws Exception {
    assertThat(GIVEN.execution().exitCode()).as(GIVEN.execution().out() + GIVEN.execution().err()).isEqualTo(1);
    assertThat(GIVEN.execution().out())
        .containsPattern("migrate-gstg pipeline creation sent to " + DEPLOYER + " on master at [-0-9]+ [0-9:]+ UTC;"
            + " waiting for GitLab's answer\n")
        .contains("migrate-gstg TRIGGER_UNCERTAIN")
        .contains("Run " + runId + ": waiting_for_decision")
        .contains("migrate-gstg: needs a person: pdm cannot tell whether GitLab created the pipeline (pipeline"
            + " creation 1 was sent to " + DEPLOYER + " on master")
        .contains("look in GitLab for a pipeline of " + DEPLOYER + " carrying PDM_TRIGGER=" + runId + "/migrate-gstg/"
            + currentAttempt())
        .containsPattern("pdm adopt " + runId + " --stage migrate-gstg --pipeline N --reason TEXT +\\(you found it\\)")
        .containsPattern("pdm trigger-again " + runId + " --stage migrate-gstg --reason TEXT +\\(GitLab has none\\)")
        .containsPattern("pdm abandon " + runId + " --stage migrate-gstg --reason TEXT +\\(give the stage up");
  }

  @Test
  @Order(2)
  void runShowsTheTriggerInDoubtAndItsEvents() {
    CliRun run = GIVEN.pdm("run", runId);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("migrate-gstg +TRIGGER_UNCERTAIN")
        .contains("needs a person: pdm cannot tell whether GitLab created the pipeline")
        .containsPattern("TriggerSent +migrate-gstg send=1 project=" + DEPLOYER + " ref=master")
        .containsPattern("TriggerUncertain +migrate-gstg send=1 detail=pipeline creation 1 was sent");
  }

  @Test
  @Order(3)
  void adoptingAPipelineGitLabDoesNotHaveIsRefusedWithTheServersReason() {
    CliRun adopt = GIVEN.pdm("adopt", runId, "--stage", "migrate-gstg", "--pipeline", "424242", "--reason", "saw it");

    assertThat(adopt.exitCode()).isEqualTo(1);
    assertThat(adopt.err()).contains("the pdm server refused (400)").contains("GitLab has no pipeline 424242");
  }

  @Test
  @Order(3)
  void adoptNeedsAPipelineNumber() {
    CliRun adopt = GIVEN.pdm("adopt", runId, "--stage", "migrate-gstg", "--pipeline", "the-first", "--reason", "r");

    assertThat(adopt.exitCode()).isEqualTo(2);
    assertThat(adopt.err()).contains("--pipeline").contains("the-first");
  }

  @Test
  @Order(3)
  void triggerAgainNeedsAReason() {
    CliRun again = GIVEN.pdm("trigger-again", runId, "--stage", "migrate-gstg");

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("Missing required option: '--reason=TEXT'");
  }

  @Test
  @Order(3)
  void aQaOverrideIsRefusedOnAStageThatIsNotAFailedQaStage() {
    CliRun override = GIVEN.pdm("override-qa", runId, "--stage", "migrate-gstg", "--reason", "r");

    assertThat(override.exitCode()).isEqualTo(1);
    assertThat(override.err()).startsWith("pdm: the pdm server refused (4");
  }

  @Test
  @Order(4)
  void triggerAgainStartsANewAttemptWhichPdmAlsoAsksAboutWhenGitLabLeavesItInDoubt() throws Exception {
    GIVEN.gitLab().faults().arm(HttpFault.before("POST", "/pipeline$", 502));
    int inDoubt = currentAttempt();

    CliRun again = GIVEN.pdm("trigger-again", runId, "--stage", "migrate-gstg", "--reason",
        "the deployer's pipelines list has nothing since the trigger", "--json");
    CliRun watch = GIVEN.pdm("watch", runId);

    assertThat(again.exitCode()).as(again.err()).isZero();
    JsonNode run = JSON.readTree(again.out());
    assertThat(run.path("id").asText()).isEqualTo(runId);
    assertThat(run.path("status").asText()).isIn("checking", "running");
    assertThat(watch.exitCode()).as(watch.out() + watch.err()).isEqualTo(1);
    assertThat(currentAttempt()).isGreaterThan(inDoubt);
    assertThat(watch.out()).contains("PDM_TRIGGER=" + runId + "/migrate-gstg/" + currentAttempt());
    assertThat(GIVEN.gitLab().pipelines(DEPLOYER)).as("GitLab created nothing for either creation").isEmpty();
  }

  @Test
  @Order(5)
  void adoptingThePipelineRunByHandLetsTheRunSucceed() throws Exception {
    long pipeline = pipelineRunByHand();

    CliRun adopt = GIVEN.pdm("adopt", runId, "--stage", "migrate-gstg", "--pipeline", String.valueOf(pipeline),
        "--reason", "ran the staging migrations by hand from the deployer");
    CliRun watch = GIVEN.pdm("watch", runId);
    CliRun run = GIVEN.pdm("run", runId);

    assertThat(adopt.exitCode()).as(adopt.err()).isZero();
    assertThat(adopt.out()).isEqualTo("Adoption of pipeline " + pipeline + " for migrate-gstg recorded; run " + runId
        + " is now running.\n");
    assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
    assertThat(watch.out()).contains("Run " + runId + ": succeeded");
    assertThat(run.out()).contains("trigger again").contains("adopt pipeline")
        .contains("ran the staging migrations by hand from the deployer");
    assertThat(GIVEN.gitLab().pipelines(DEPLOYER)).as("the one run by hand and production's").hasSize(2);
  }

  /**
   * The number of the staging stage's current attempt: after a trigger, one more, or two when the checks grew too old
   * before the send on a busy machine (pdm checks again, with a new attempt).
   */
  private static int currentAttempt() throws Exception {
    JsonNode attempts = JSON.readTree(GIVEN.pdm("run", runId, "--json").out()).at("/run/state/run/stages/0/attempts");
    return attempts.get(attempts.size() - 1).path("number").asInt();
  }

  /** What a release manager does in GitLab when pdm's creation got lost: runs the staging migrations themselves. */
  private static long pipelineRunByHand() throws Exception {
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            GIVEN.gitLab().apiUrl() + "/projects/gitlab-com%2Fgl-infra%2Fdeployer/pipeline"))
        .header("PRIVATE-TOKEN", GIVEN.gitLab().token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"ref\": \"master\", \"variables\": [{\"key\":"
            + " \"DEPLOY_ENVIRONMENT\", \"value\": \"gstg\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("id").asLong();
  }
}
