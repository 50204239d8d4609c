package dev.pdm.core.executed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentAnswerTest {

  private static SourceAnswer says(String source, Executed executed) {
    return new SourceAnswer(source, executed, source + " says " + executed, Optional.empty());
  }

  @Test
  void isYesWhenEverySourceThatKnowsSaysYes() {
    EnvironmentAnswer answer = new EnvironmentAnswer("gstg", List.of(
        says(SourceAnswer.DEPLOYMENTS, Executed.YES), says(SourceAnswer.LABELS, Executed.UNKNOWN)));

    assertThat(answer.verdict()).isEqualTo(Executed.YES);
    assertThat(answer.sourcesDisagree()).isFalse();
  }

  @Test
  void isUnknownAndFlaggedWhenSourcesDisagree() {
    EnvironmentAnswer answer = new EnvironmentAnswer("gprd", List.of(
        says(SourceAnswer.DEPLOYMENTS, Executed.YES), says(SourceAnswer.LABELS, Executed.NO)));

    assertThat(answer.verdict()).isEqualTo(Executed.UNKNOWN);
    assertThat(answer.sourcesDisagree()).isTrue();
  }

  @Test
  void isUnknownWhenNoSourceKnows() {
    assertThat(new EnvironmentAnswer("gprd", List.of(says(SourceAnswer.LABELS, Executed.UNKNOWN))).verdict())
        .isEqualTo(Executed.UNKNOWN);
  }

  @Test
  void theServerCanAddItsRunRecordsAsAThirdSource() {
    ExecutedReport report = new ExecutedReport("!12", Optional.of("abc1234"), List.of(
        new EnvironmentAnswer("gstg", List.of(says(SourceAnswer.DEPLOYMENTS, Executed.NO))),
        new EnvironmentAnswer("gprd", List.of(says(SourceAnswer.DEPLOYMENTS, Executed.NO)))));

    ExecutedReport withRuns = report.withSource("gstg", says("runs", Executed.YES));

    assertThat(withRuns.environments().get(0).sources()).extracting(SourceAnswer::source)
        .containsExactly(SourceAnswer.DEPLOYMENTS, "runs");
    assertThat(withRuns.environments().get(0).sourcesDisagree()).isTrue();
    assertThat(withRuns.environments().get(1).sources()).hasSize(1);
  }
}
