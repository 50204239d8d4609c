package dev.pdm.core.pending;

import static dev.pdm.core.testing.SandboxedGitLab.CANONICAL;
import static dev.pdm.core.testing.SandboxedGitLab.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.testing.SandboxedGitLab;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PendingMigrationsSandboxTest {

  @Test
  void listsTheMigrationsAddedSinceTheDbDeploymentWithTheirMergeRequests(Vertx vertx, VertxTestContext context) {
    SandboxedGitLab.start(vertx, "happy")
        .compose(gitLab -> new PendingMigrations(gitLab.client(), CANONICAL).forEnvironment("gstg", Optional.empty())
            .eventually(gitLab::close))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.baseline()).isEqualTo(Baseline.DB_DEPLOYMENT);
          assertThat(report.fromSha()).isNotEqualTo(report.toSha());
          assertThat(report.migrations()).extracting(m -> m.file().version())
              .containsExactly("20241105093011", "20241106150244", "20241107101010", "20241108120000");
          assertThat(report.migrations()).extracting(m -> m.file().className()).contains(
              "CreateCiJobTokenAuthorizationsArchive");
          assertThat(report.migrations()).extracting(m -> m.mergeRequest().orElseThrow().iid())
              .containsExactly(171001L, 171204L, 171377L, 171450L);
          assertThat(report.migrations().get(0).mergeRequest().orElseThrow().author()).contains("alice-nguyen");
          assertThat(report.migrations()).allSatisfy(m -> assertThat(m.gaps()).isEmpty());
          context.completeNow();
        })));
  }

  @Test
  void nothingIsPendingOnceTheDbDeploymentReachedThePackage(Vertx vertx, VertxTestContext context) {
    SandboxedGitLab.start(vertx, "nothing-pending")
        .compose(gitLab -> new PendingMigrations(gitLab.client(), CANONICAL).forEnvironment("gprd", Optional.empty())
            .eventually(gitLab::close))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.anyPending()).isFalse();
          assertThat(report.fromSha()).isEqualTo(report.toSha());
          context.completeNow();
        })));
  }

  @Test
  void startsFromTheConfiguredBaselineWhenTheEnvironmentHasNoDbDeploymentYetAndSaysSo(Vertx vertx,
                                                                                      VertxTestContext context)
      throws URISyntaxException {
    String scenario = Path.of(getClass().getResource("/scenarios/canary-without-db-deployment.yaml").toURI()).toString();
    SandboxedGitLab.start(vertx, scenario)
        .compose(gitLab -> gitLab.client().lastSuccessfulDeployment(CANONICAL, "db/gstg")
            .compose(staging -> new PendingMigrations(gitLab.client(), CANONICAL)
                .forEnvironment("gstg-cny", Optional.of(staging.orElseThrow().getSha())))
            .eventually(gitLab::close))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.baseline()).isEqualTo(Baseline.CONFIGURED_BASELINE);
          assertThat(report.notes()).singleElement().asString()
              .startsWith("No deployment on db/gstg-cny yet: starting from the configured baseline ");
          assertThat(report.migrations()).hasSize(4);
          context.completeNow();
        })));
  }

  @Test
  void refusesWithoutADbDeploymentOrABaselineSayingWhatIsMissing(Vertx vertx, VertxTestContext context)
      throws URISyntaxException {
    String scenario = Path.of(getClass().getResource("/scenarios/canary-without-db-deployment.yaml").toURI()).toString();
    SandboxedGitLab.start(vertx, scenario)
        .compose(gitLab -> new PendingMigrations(gitLab.client(), CANONICAL).forEnvironment("gstg-cny", Optional.empty())
            .eventually(gitLab::close))
        .onComplete(context.failing(failure -> context.verify(() -> {
          assertThat(failure).hasMessage("No successful deployment on environment db/gstg-cny in gitlab-org/gitlab yet,"
              + " and no baseline SHA configured for gstg-cny");
          context.completeNow();
        })));
  }

  @Test
  void tracksThePackageOnEachEnvironmentOfTheCanonicalAndSecurityProjects(Vertx vertx, VertxTestContext context) {
    SandboxedGitLab.start(vertx, "happy")
        .compose(gitLab -> new PackageTracker(gitLab.client(), Clock.systemUTC())
            .snapshot(List.of(CANONICAL, SECURITY), List.of("gstg", "gprd", "gstg-ref")).eventually(gitLab::close))
        .onComplete(context.succeeding(snapshot -> context.verify(() -> {
          assertThat(snapshot.packages()).hasSize(6);
          assertThat(snapshot.packages()).filteredOn(p -> !p.environment().equals("gstg-ref"))
              .allSatisfy(p -> {
                assertThat(p.ref()).contains("17-6-auto-deploy-2024110808");
                assertThat(p.sha()).isPresent();
                assertThat(p.deployedAt()).isPresent();
              });
          assertThat(snapshot.packages()).filteredOn(p -> p.environment().equals("gstg-ref"))
              .extracting(p -> p.problem().orElseThrow())
              .containsExactly("no successful deployment on gstg-ref in " + CANONICAL,
                  "no successful deployment on gstg-ref in " + SECURITY);
          context.completeNow();
        })));
  }
}
