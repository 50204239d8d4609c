package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Given a failed staging migration (staging-migration-fails), a release manager gives the stage up from the CLI. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbandonedRunTest {
  private static final String REASON = "the table is fixed in the next package; this one is not migrated";
  @RegisterExtension
  static final GivenRun GIVEN = GivenRun.in("staging-migration-fails");

  @Test
  @Order(1)
  void abandonNeedsTheStage() {
    CliRun abandon = GIVEN.pdm("abandon", GIVEN.runId(), "--reason", REASON);

    assertThat(abandon.exitCode()).isEqualTo(2);
    assertThat(abandon.err()).contains("Missing required option: '--stage=STAGE'");
  }

  @Test
  @Order(2)
  void abandonEndsTheRunFailedAndWatchSaysWhoGaveTheStageUpAndWhy() {
    CliRun abandon = GIVEN.pdm("abandon", GIVEN.runId(), "--stage", "migrate-gstg", "--reason", REASON);
    CliRun watch = GIVEN.pdm("watch", GIVEN.runId());

    assertThat(abandon.exitCode()).as(abandon.err()).isZero();
    assertThat(abandon.out())
        .isEqualTo("Abandonment of migrate-gstg recorded; run " + GIVEN.runId() + " is now failed.\n");
    assertThat(watch.exitCode()).as(watch.out() + watch.err()).isEqualTo(1);
    assertThat(watch.out()).contains("migrate-gstg ABANDONED").contains("Run " + GIVEN.runId() + ": failed")
        .containsPattern("migrate-gstg +ABANDONED").containsPattern("qa-gstg +SKIPPED")
        .contains("migrate-gstg: abandoned by sandbox-operator: " + REASON);
  }

  @Test
  @Order(3)
  void runShowsTheAbandonInTheAuditTrail() {
    CliRun run = GIVEN.pdm("run", GIVEN.runId());

    assertThat(run.out()).containsPattern("sandbox-operator +abandon stage +" + REASON)
        .containsPattern("StageAbandoned +migrate-gstg reason=" + REASON);
  }

  @Test
  @Order(4)
  void aStageAlreadyAbandonedCannotBeAbandonedAgain() {
    CliRun abandon = GIVEN.pdm("abandon", GIVEN.runId(), "--stage", "migrate-gstg", "--reason", "again");

    assertThat(abandon.exitCode()).isEqualTo(1);
    assertThat(abandon.err()).startsWith("pdm: the pdm server refused (409)");
  }
}
