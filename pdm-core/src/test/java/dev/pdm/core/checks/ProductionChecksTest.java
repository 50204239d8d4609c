package dev.pdm.core.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.gitlab.GitLabError;
import dev.pdm.core.gitlab.GitLabException;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ProductionChecksTest {

  private record FixedCheck(String name, Future<CheckResult> outcome) implements ProductionCheck {
    @Override
    public Future<CheckResult> run() {
      return outcome;
    }
  }

  @Test
  void aCheckThatCannotReachGitLabIsAnErrorSayingWhy(VertxTestContext context) {
    GitLabError unreachable = new GitLabError("GET", "/projects/1/issues", 0, "connection refused");
    ProductionChecks checks = new ProductionChecks(List.of(
        new FixedCheck("active-incidents", Future.failedFuture(new GitLabException(unreachable))),
        new FixedCheck("running-deployments", Future.succeededFuture(CheckResult.pass("running-deployments", "ok")))));

    checks.run(Optional.empty()).onComplete(context.succeeding(report -> context.verify(() -> {
      assertThat(report.mayProceed()).isFalse();
      assertThat(report.results()).extracting(CheckResult::verdict).containsExactly(Verdict.ERROR, Verdict.PASS);
      assertThat(report.results().get(0).reasons()).containsExactly(
          "could not ask GitLab: GET /projects/1/issues failed: no response: connection refused");
      context.completeNow();
    })));
  }
}
