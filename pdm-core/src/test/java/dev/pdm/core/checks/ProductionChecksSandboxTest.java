package dev.pdm.core.checks;

import static dev.pdm.core.testing.SandboxedGitLab.CANONICAL;
import static dev.pdm.core.testing.SandboxedGitLab.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.pending.PendingMigrations;
import dev.pdm.core.testing.SandboxedGitLab;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ProductionChecksSandboxTest {

  private static ProductionChecks checksOnGprd(SandboxedGitLab gitLab) {
    return new ProductionChecks(List.of(
        new ActiveIncidentCheck(gitLab.client(), PRODUCTION, List.of("severity::1", "severity::2", "blocks deployments")),
        new ChangeRequestCheck(gitLab.client(), PRODUCTION, List.of("change::in-progress")),
        new RunningDeploymentCheck(gitLab.client(), CANONICAL, "gprd"),
        new PendingMigrationsCheck(new PendingMigrations(gitLab.client(), CANONICAL), "gprd", Optional.empty())));
  }

  private static void given(Vertx vertx, VertxTestContext context, String scenario,
                            Consumer<SandboxedGitLab> arrange, Consumer<ChecksReport> then) {
    SandboxedGitLab.start(vertx, scenario).compose(gitLab -> {
      arrange.accept(gitLab);
      return checksOnGprd(gitLab).run(Optional.empty()).eventually(gitLab::close);
    }).onComplete(context.succeeding(report -> context.verify(() -> {
      then.accept(report);
      context.completeNow();
    })));
  }

  private static CheckResult result(ChecksReport report, String check) {
    return report.results().stream().filter(r -> r.check().equals(check)).findFirst().orElseThrow();
  }

  @Test
  void everyCheckPassesInTheHappyScenario(Vertx vertx, VertxTestContext context) {
    given(vertx, context, "happy", gitLab -> { }, report -> {
      assertThat(report.results()).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
      assertThat(report.mayProceed()).isTrue();
      assertThat(result(report, "pending-migrations").reasons().get(0)).startsWith("4 post-deploy migration(s)");
    });
  }

  @Test
  void anOpenSeverityTwoIncidentBlocks(Vertx vertx, VertxTestContext context) {
    given(vertx, context, "incident-active", gitLab -> { }, report -> {
      CheckResult incidents = result(report, "active-incidents");
      assertThat(incidents.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(incidents.reasons()).singleElement().asString()
          .contains("Sidekiq queue latency above SLO").contains("severity::2");
      assertThat(incidents.links()).singleElement().asString().contains("/gitlab-com/gl-infra/production/-/");
      assertThat(report.mayProceed()).isFalse();
    });
  }

  @Test
  void aChangeRequestInProgressBlocks(Vertx vertx, VertxTestContext context) {
    given(vertx, context, "change-in-progress", gitLab -> { }, report -> {
      assertThat(result(report, "change-requests").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(result(report, "change-requests").reasons()).singleElement().asString()
          .contains("Upgrade the main Patroni cluster");
      assertThat(result(report, "active-incidents").verdict()).isEqualTo(Verdict.PASS);
      assertThat(report.mayProceed()).isFalse();
    });
  }

  @Test
  void aDeploymentRunningOnTheEnvironmentBlocks(Vertx vertx, VertxTestContext context) {
    given(vertx, context, "deployment-running", gitLab -> { }, report -> {
      assertThat(result(report, "running-deployments").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(result(report, "running-deployments").reasons()).singleElement().asString()
          .contains("17-6-auto-deploy-2024110808").contains("is running on gprd");
    });
  }

  @Test
  void nothingPendingBlocks(Vertx vertx, VertxTestContext context) {
    given(vertx, context, "nothing-pending", gitLab -> { }, report -> {
      assertThat(result(report, "pending-migrations").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(result(report, "pending-migrations").reasons()).singleElement().asString()
          .startsWith("No post-deploy migration is pending on gprd");
    });
  }

  @Test
  void aCheckThatCannotReachGitLabIsAnErrorThatBlocks(Vertx vertx, VertxTestContext context) {
    given(vertx, context, "happy", gitLab -> gitLab.fault("GET", "/projects/[^/]+/issues", 503, 20, null, null),
        report -> {
          CheckResult incidents = result(report, "active-incidents");
          assertThat(incidents.verdict()).isEqualTo(Verdict.ERROR);
          assertThat(incidents.reasons()).singleElement().asString().startsWith("could not ask GitLab: GET /projects/")
              .contains("HTTP 503");
          assertThat(report.mayProceed()).isFalse();
        });
  }

  @Test
  void anOverrideLetsABlockedRunProceedAndIsReported(Vertx vertx, VertxTestContext context) {
    CheckOverride override = new CheckOverride("release-manager", "incident is unrelated to the database");
    SandboxedGitLab.start(vertx, "incident-active")
        .compose(gitLab -> checksOnGprd(gitLab).run(Optional.of(override)).eventually(gitLab::close))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.mayProceed()).isTrue();
          assertThat(report.override()).contains(override);
          assertThat(report.blocking()).extracting(CheckResult::check).containsExactly("active-incidents");
          context.completeNow();
        })));
  }
}
