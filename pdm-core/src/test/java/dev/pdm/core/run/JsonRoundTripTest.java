package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.RetryRequested;
import dev.pdm.core.run.RunEvent.TriageCompleted;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server stores runs, events and commands as JSON with a plain ObjectMapper plus the JSR-310 and JDK 8 modules. */
class JsonRoundTripTest {

  private final ObjectMapper mapper = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new Jdk8Module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void readsBackARunWithFailuresDecisionsTriageAndRecordSteps() throws JsonProcessingException {
    RunDriver driver = RunDriver.stagingRunning();
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);
    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);
    driver.accept(new TriageCompleted("migrate-gstg", 1, "PG::DuplicateTable", Optional.of("https://x/incident/1"), driver.now()));
    driver.accept(new RetryRequested("migrate-gstg", "rm", "table dropped", driver.now()));
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 502);
    driver.job("migrate-gstg", 502, 5020, CiStatus.FAILED);
    driver.pipeline("migrate-gstg", 502, CiStatus.FAILED);
    driver.accept(new MitigationRecorded("migrate-gstg", "dba", MitigationKind.MARK_COMPLETE, "done by hand",
        Optional.of("https://x/mr/3"), driver.now()));
    driver.recordAll("migrate-gstg", false);

    String json = mapper.writeValueAsString(driver.run);

    assertThat(mapper.readValue(json, Run.class)).isEqualTo(driver.run);
    assertThat(json).contains("\"createdAt\":\"2026-11-24T10:00:00Z\"");
  }

  @Test
  void readsBackEveryEventTypeThroughTheEventInterface() throws JsonProcessingException {
    Run run = RunShapes.shaped(RunStatus.RUNNING, 0, StageStatus.RUNNING);
    Set<Class<?>> seen = new HashSet<>();
    for (RunEvent event : EventSamples.forStage(run, run.stages().get(0), RunShapes.AT)) {
      String json = mapper.writeValueAsString(event);
      assertThat(mapper.readValue(json, RunEvent.class)).isEqualTo(event);
      seen.add(event.getClass());
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(EventSamples.allEventTypes());
  }

  @Test
  void readsBackEveryCommandTheHappyPathAndAFailureEmit() throws JsonProcessingException {
    RunDriver driver = RunDriver.started();
    driver.migrationSucceeds("migrate-gstg", 501);
    driver.triggered("qa-gstg", 601);
    driver.pipeline("qa-gstg", 601, CiStatus.FAILED);
    driver.accept(new RunEvent.QaFailureOverridden("qa-gstg", "rm", "known flake", Optional.empty(), driver.now()));
    driver.passChecks("migrate-gprd");
    driver.triggered("migrate-gprd", 701);
    driver.job("migrate-gprd", 701, 7010, CiStatus.FAILED);
    driver.pipeline("migrate-gprd", 701, CiStatus.FAILED);

    Set<Class<?>> types = new HashSet<>();
    for (Command command : driver.emitted) {
      String json = mapper.writeValueAsString(command);
      assertThat(mapper.readValue(json, Command.class)).isEqualTo(command);
      types.add(command.getClass());
    }
    assertThat(types).containsExactlyInAnyOrder(Command.RunChecks.class, Command.TriggerPipeline.class, Command.FollowPipeline.class,
        Command.Triage.class, Command.RecordDeployment.class, Command.LabelMergeRequests.class, Command.CommentOnReleaseIssue.class,
        Command.Notify.class, Command.OpenDeploymentLock.class, Command.CloseDeploymentLock.class);
  }

  @Test
  void namesACommandByATypeProperty() throws JsonProcessingException {
    String json = mapper.writeValueAsString(new Command.RunChecks("migrate-gstg", "gstg", 1));

    assertThat(mapper.readTree(json).get("type").asText()).isEqualTo("RunChecks");
  }
}
