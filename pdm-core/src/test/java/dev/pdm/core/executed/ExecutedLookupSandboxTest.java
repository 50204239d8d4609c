package dev.pdm.core.executed;

import static dev.pdm.core.testing.SandboxedGitLab.CANONICAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.testing.SandboxedGitLab;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ExecutedLookupSandboxTest {

  private static final List<ExecutedEnvironment> ENVIRONMENTS = List.of(
      new ExecutedEnvironment("gstg", "staging"), new ExecutedEnvironment("gprd", "production"));

  private static Future<ExecutedReport> ask(Vertx vertx, String scenario,
                                            Function<SandboxedGitLab, Future<ExecutedReport>> question) {
    return SandboxedGitLab.start(vertx, scenario).compose(gitLab -> question.apply(gitLab).eventually(gitLab::close));
  }

  private static ExecutedLookup lookup(SandboxedGitLab gitLab) {
    return new ExecutedLookup(gitLab.client(), CANONICAL, ENVIRONMENTS);
  }

  @Test
  void aMergeRequestNotYetMigratedIsNotExecutedAnywhereByEitherSource(Vertx vertx, VertxTestContext context) {
    ask(vertx, "happy", gitLab -> lookup(gitLab).forMergeRequest(171204))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.subject()).isEqualTo("!171204");
          assertThat(report.sha()).isPresent();
          assertThat(report.environments()).extracting(EnvironmentAnswer::environment).containsExactly("gstg", "gprd");
          assertThat(report.environments()).allSatisfy(answer -> {
            assertThat(answer.verdict()).isEqualTo(Executed.NO);
            assertThat(answer.sourcesDisagree()).isFalse();
          });
          assertThat(report.environments().get(0).sources().get(0).detail()).contains("is not contained in db/gstg");
          context.completeNow();
        })));
  }

  @Test
  void flagsADbDeploymentContainingTheCommitWhileTheLabelIsMissing(Vertx vertx, VertxTestContext context) {
    ask(vertx, "nothing-pending", gitLab -> lookup(gitLab).forMergeRequest(171001))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          EnvironmentAnswer gstg = report.environments().get(0);
          assertThat(gstg.sources()).extracting(SourceAnswer::source, SourceAnswer::executed)
              .containsExactly(org.assertj.core.groups.Tuple.tuple(SourceAnswer.DEPLOYMENTS, Executed.YES),
                  org.assertj.core.groups.Tuple.tuple(SourceAnswer.LABELS, Executed.NO));
          assertThat(gstg.sourcesDisagree()).isTrue();
          assertThat(gstg.verdict()).isEqualTo(Executed.UNKNOWN);
          assertThat(gstg.sources().get(1).detail()).isEqualTo("!171001 does not have label workflow::post-deploy-db-staging");
          context.completeNow();
        })));
  }

  @Test
  void agreesOnceTheMergeRequestCarriesTheLabelOfTheEnvironment(Vertx vertx, VertxTestContext context) {
    ask(vertx, "nothing-pending", gitLab -> gitLab.client()
        .updateMergeRequestLabels(CANONICAL, 171001, List.of("workflow::post-deploy-db-staging"), List.of())
        .compose(labelled -> gitLab.client().mergeRequest(CANONICAL, 171001))
        .compose(mr -> lookup(gitLab).forSha(mr.getMergeCommitSha())))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.environments().get(0).verdict()).isEqualTo(Executed.YES);
          assertThat(report.environments().get(1).sourcesDisagree()).isTrue();
          context.completeNow();
        })));
  }

  @Test
  void refusesASubjectThatIsNotASha(Vertx vertx, VertxTestContext context) {
    ask(vertx, "happy", gitLab -> lookup(gitLab).forSha("main; drop"))
        .onComplete(context.failing(failure -> context.verify(() -> {
          assertThat(failure).hasMessage("sha: expected 7 to 64 hex digits, got 'main; drop'");
          context.completeNow();
        })));
  }
}
