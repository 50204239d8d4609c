package dev.pdm.core.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChecksReportTest {

  private static final CheckResult INCIDENT_PASSES = CheckResult.pass("active-incidents", "none");
  private static final CheckResult DEPLOYMENT_FAILS =
      new CheckResult("running-deployments", Verdict.FAIL, List.of("a deployment runs"), List.of());
  private static final CheckResult CHANGE_ERRS =
      new CheckResult("change-requests", Verdict.ERROR, List.of("could not ask GitLab"), List.of());

  @Test
  void mayProceedWhenEveryCheckPasses() {
    assertThat(ChecksReport.of(List.of(INCIDENT_PASSES), Optional.empty()).mayProceed()).isTrue();
  }

  @Test
  void mayNotProceedWhenACheckFails() {
    ChecksReport report = ChecksReport.of(List.of(INCIDENT_PASSES, DEPLOYMENT_FAILS), Optional.empty());

    assertThat(report.mayProceed()).isFalse();
    assertThat(report.blocking()).containsExactly(DEPLOYMENT_FAILS);
  }

  @Test
  void anErrorBlocksLikeAFailure() {
    assertThat(ChecksReport.of(List.of(INCIDENT_PASSES, CHANGE_ERRS), Optional.empty()).mayProceed()).isFalse();
  }

  @Test
  void anOverrideWithAReasonLetsARunProceedAndIsReported() {
    CheckOverride override = new CheckOverride("rm-alice", "deployment is a no-op config change");

    ChecksReport report = ChecksReport.of(List.of(DEPLOYMENT_FAILS), Optional.of(override));

    assertThat(report.mayProceed()).isTrue();
    assertThat(report.override()).contains(override);
    assertThat(report.blocking()).containsExactly(DEPLOYMENT_FAILS);
  }

  @Test
  void refusesAnOverrideWithoutAReason() {
    assertThatThrownBy(() -> new CheckOverride("rm-alice", "  "))
        .hasMessage("reason: expected why overriding the checks is safe, got none");
  }
}
