package dev.pdm.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Where a stage's pipeline creation stands, as {@code pdm run} and {@code pdm watch} say it. */
class RunTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunText TEXT = new RunText(new Style(false),
      new Times(Clock.fixed(Instant.parse("2026-11-30T15:00:00Z"), ZoneOffset.UTC)));

  @Test
  void aCreationSentAndNotAnsweredYetSaysWhereItWentAndWhen() throws IOException {
    assertThat(TEXT.trigger(stage("TRIGGERING", """
        {"sends": 2, "last_send": {"send": 2, "project": "gitlab-com/gl-infra/deployer", "ref": "master",
         "at": "2026-11-30T14:49:54.468Z"}, "awaiting_answer": true}""")))
        .contains("pipeline creation #2 sent to gitlab-com/gl-infra/deployer on master at 2026-11-30 14:49:54 UTC;"
            + " waiting for GitLab's answer");
  }

  @Test
  void aCreationGitLabRefusedIsSentAgainLater() throws IOException {
    assertThat(TEXT.trigger(stage("TRIGGERING", """
        {"sends": 1, "last_send": {"send": 1, "project": "p", "ref": "master", "at": "2026-11-30T14:49:54Z"},
         "awaiting_answer": false, "last_refusal": "HTTP 429: Retry later"}""")))
        .contains("GitLab refused the pipeline creation (HTTP 429: Retry later); nothing was created, pdm will send"
            + " it again");
  }

  @Test
  void aWithdrawnTriggerSaysWhy() throws IOException {
    assertThat(TEXT.trigger(stage("CHECKING", """
        {"sends": 0, "withdrawn": "the production checks of 2026-11-30T14:40:00Z were too old to trigger on"}""")))
        .contains("trigger withdrawn: the production checks of 2026-11-30T14:40:00Z were too old to trigger on");
  }

  @Test
  void aTriggerInDoubtAsksForAPersonUntilTheStageIsAbandoned() throws IOException {
    String inDoubt = """
        {"sends": 1, "last_send": {"send": 1, "project": "p", "ref": "master", "at": "2026-11-30T14:49:54Z"},
         "awaiting_answer": true, "uncertain": "no pipeline carrying PDM_TRIGGER=r/migrate-gstg/1 appeared"}""";

    assertThat(TEXT.trigger(stage("TRIGGER_UNCERTAIN", inDoubt))).contains("needs a person: pdm cannot tell whether"
        + " GitLab created the pipeline (no pipeline carrying PDM_TRIGGER=r/migrate-gstg/1 appeared)");
    assertThat(TEXT.trigger(stage("ABANDONED", inDoubt))).contains("whether GitLab created the pipeline was never"
        + " known (no pipeline carrying PDM_TRIGGER=r/migrate-gstg/1 appeared)");
  }

  @Test
  void saysNothingOnceThePipelineIsKnown() throws IOException {
    JsonNode stage = stage("RUNNING", """
        {"sends": 1, "last_send": {"send": 1, "project": "p", "ref": "master", "at": "2026-11-30T14:49:54Z"},
         "awaiting_answer": false}""");
    ((ObjectNode) stage.path("attempts").get(0)).putObject("pipeline").put("id", 1);

    assertThat(TEXT.trigger(stage)).isEmpty();
  }

  /** A stage of the API's run JSON whose one attempt has no pipeline yet and that trigger state. */
  private static JsonNode stage(String status, String trigger) throws IOException {
    return JSON.readTree("{\"spec\": {\"id\": \"migrate-gstg\"}, \"status\": \"" + status + "\","
        + " \"attempts\": [{\"number\": 1, \"pipeline\": null, \"trigger\": " + trigger + "}]}");
  }
}
