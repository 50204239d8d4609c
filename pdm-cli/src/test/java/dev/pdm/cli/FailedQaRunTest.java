package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Given QA failing on staging (qa-fails): only a recorded QA override lets production go on. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailedQaRunTest {
  private static final String REASON = "qa-smoke failed on a known flaky test, see the QA issue";
  private static final String LINK = "https://gitlab.example.com/gitlab-org/quality/issues/7";
  @RegisterExtension
  static final GivenRun GIVEN = GivenRun.in("qa-fails");

  @Test
  @Order(1)
  void executeWithWatchExits1WhenQaFails() {
    assertThat(GIVEN.execution().exitCode()).as(GIVEN.execution().out()).isEqualTo(1);
    assertThat(GIVEN.execution().out()).contains("qa-gstg FAILED")
        .contains("Run " + GIVEN.runId() + ": waiting_for_decision");
  }

  @Test
  @Order(2)
  void aNoopMitigationOfAFailedQaStageIsRefused() {
    CliRun mitigate = GIVEN.pdm("mitigate", GIVEN.runId(), "--kind", "noop", "--stage", "qa-gstg", "--reason", "flaky");

    assertThat(mitigate.exitCode()).isEqualTo(1);
    assertThat(mitigate.err()).startsWith("pdm: the pdm server refused (400)");
  }

  @Test
  @Order(3)
  void overrideQaNeedsAReason() {
    CliRun override = GIVEN.pdm("override-qa", GIVEN.runId(), "--stage", "qa-gstg");

    assertThat(override.exitCode()).isEqualTo(2);
    assertThat(override.err()).contains("Missing required option: '--reason=TEXT'");
  }

  @Test
  @Order(4)
  void overridingTheQaFailureLetsProductionGoOnAndIsShownWithItsReasonAndLink() {
    CliRun override = GIVEN.pdm("override-qa", GIVEN.runId(), "--stage", "qa-gstg", "--reason", REASON, "--link", LINK);
    CliRun watch = GIVEN.pdm("watch", GIVEN.runId());

    assertThat(override.exitCode()).as(override.err()).isZero();
    assertThat(override.out())
        .isEqualTo("QA failure override of qa-gstg recorded; run " + GIVEN.runId() + " is now checking.\n");
    assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
    assertThat(watch.out()).contains("Run " + GIVEN.runId() + ": succeeded").containsPattern("migrate-gprd +SUCCEEDED")
        .contains("qa-gstg: QA failure overridden by sandbox-operator: " + REASON + "  " + LINK);
  }
}
