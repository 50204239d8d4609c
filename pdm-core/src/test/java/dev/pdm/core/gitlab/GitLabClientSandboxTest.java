package dev.pdm.core.gitlab;

import static dev.pdm.core.testing.SandboxedGitLab.CANONICAL;
import static dev.pdm.core.testing.SandboxedGitLab.DATABASE_MAINTAINERS;
import static dev.pdm.core.testing.SandboxedGitLab.DEPLOYER;
import static dev.pdm.core.testing.SandboxedGitLab.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.testing.SandboxedGitLab;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gitlab4j.api.models.Member;
import org.gitlab4j.api.models.User;
import org.gitlab4j.models.Constants.DeploymentStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GitLabClientSandboxTest {

  private SandboxedGitLab gitLab;
  private GitLabClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext context) {
    SandboxedGitLab.start(vertx, "happy").onComplete(context.succeeding(started -> {
      gitLab = started;
      client = started.client();
      context.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext context) {
    gitLab.close().onComplete(context.succeedingThenComplete());
  }

  private Future<Map<String, String>> runVariables(String run) {
    return Future.succeededFuture(Map.of("DEPLOY_ENVIRONMENT", "gstg", "PDM_RUN", run));
  }

  @Test
  void readsThroughInjectedServerErrors(VertxTestContext context) {
    gitLab.fault("GET", "/projects/[^/]+/deployments", 503, 2, null, null);

    client.lastSuccessfulDeployment(CANONICAL, "gprd").onComplete(context.succeeding(found -> context.verify(() -> {
      assertThat(found.orElseThrow().getRef()).isEqualTo("17-6-auto-deploy-2024110808");
      assertThat(client.requestRate().total()).isEqualTo(3);
      context.completeNow();
    })));
  }

  @Test
  void waitsForRetryAfterWhenRateLimited(VertxTestContext context) {
    gitLab.fault("GET", "^/version$", 429, 1, 1, null);
    long started = System.nanoTime();

    client.version().onComplete(context.succeeding(version -> context.verify(() -> {
      assertThat(version.getVersion()).isEqualTo("17.6.0-ee");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
      context.completeNow();
    })));
  }

  @Test
  void retriesAReadThatTimedOut(VertxTestContext context) {
    gitLab.fault("GET", "^/user$", 0, 1, null, 4000);

    client.currentUser().onComplete(context.succeeding(user -> context.verify(() -> {
      assertThat(user.getUsername()).isEqualTo("pdm-bot");
      assertThat(client.requestRate().total()).isEqualTo(2);
      context.completeNow();
    })));
  }

  @Test
  void sendsAPipelineCreationOnceEvenWhenGitLabAnswersItFailed(VertxTestContext context) {
    gitLab.fault("POST", "/pipeline$", 500, 1, null, null);

    runVariables("run-1-gstg").compose(vars -> client.createPipeline(DEPLOYER, "master", vars))
        .onComplete(context.failing(failure -> context.verify(() -> {
          GitLabError error = ((GitLabException) failure).error();
          assertThat(error.status()).isEqualTo(500);
          assertThat(error.outcomeUnknown()).isTrue();
          assertThat(error.refusedUnprocessed()).isFalse();
          assertThat(gitLab.sandbox().pipelines(DEPLOYER)).isEmpty();
          context.completeNow();
        })));
  }

  @Test
  void findsThePipelineATimedOutCreationMadeByItsMarker(Vertx vertx, VertxTestContext context) {
    gitLab.fault("POST", "/pipeline$", 0, 1, null, 4000);
    Instant before = gitLab.sandbox().clock().now().minusSeconds(1);

    runVariables("run-2-gstg").compose(vars -> client.createPipeline(DEPLOYER, "master", vars)
            .transform(created -> {
              context.verify(() -> assertThat(created.failed()).as("the answer came after the client's timeout").isTrue());
              // The sandbox creates the pipeline when its slow answer is due, 4 s after the request.
              return vertx.timer(2500).compose(settled ->
                  client.findPipelineByVariable(DEPLOYER, "master", "PDM_RUN", "run-2-gstg", before));
            }))
        .onComplete(context.succeeding(found -> context.verify(() -> {
          assertThat(gitLab.sandbox().pipelines(DEPLOYER)).hasSize(1);
          assertThat(found.orElseThrow().getId()).isEqualTo(gitLab.sandbox().pipelines(DEPLOYER).get(0).id());
          context.completeNow();
        })));
  }

  @Test
  void tailsAGrowingJobLogFromWhereTheLastReadEnded(VertxTestContext context) {
    StringBuilder first = new StringBuilder();
    StringBuilder rest = new StringBuilder();
    StringBuilder whole = new StringBuilder();
    runVariables("run-3-gstg").compose(vars -> client.createPipeline(DEPLOYER, "master", vars))
        .compose(pipeline -> gitLab.sandbox().clock().advance(Duration.ofSeconds(60))
            .compose(moved -> client.pipelineJobs(DEPLOYER, pipeline.getId())
                .first(job -> job.getName().equals("gstg-postdeploy-migrations"))))
        .compose(job -> {
          long jobId = job.orElseThrow().getId();
          return client.streamJobTrace(DEPLOYER, jobId, 0, into(first)).compose(read -> gitLab.sandbox().clock()
              .runUntilIdle()
              .compose(idle -> client.streamJobTrace(DEPLOYER, jobId, read.endOffset(), into(rest)))
              .compose(second -> client.streamJobTrace(DEPLOYER, jobId, 0, into(whole)).map(List.of(read, second))));
        })
        .onComplete(context.succeeding(reads -> context.verify(() -> {
          assertThat(first.toString() + rest).isEqualTo(whole.toString());
          assertThat(rest.toString()).contains("Job succeeded");
          assertThat(reads.get(1).rangeHonoured()).as("the sandbox answers a range as GitLab does").isTrue();
          assertThat(reads.get(1).endOffset()).isEqualTo(whole.toString().getBytes(StandardCharsets.UTF_8).length);
          context.completeNow();
        })));
  }

  /** A trace receiver appending what it gets to {@code text}. */
  private static Function<Buffer, Future<Void>> into(StringBuilder text) {
    return chunk -> {
      text.append(chunk.toString(StandardCharsets.UTF_8));
      return Future.succeededFuture();
    };
  }

  @Test
  void recordsADeploymentAndUpdatesItsStatus(VertxTestContext context) {
    client.lastSuccessfulDeployment(CANONICAL, "gstg")
        .compose(deployed -> client.createDeployment(CANONICAL, "db/gstg", deployed.orElseThrow().getSha(),
            deployed.get().getRef(), false, DeploymentStatus.RUNNING))
        .compose(created -> client.updateDeploymentStatus(CANONICAL, created.getId(), DeploymentStatus.SUCCESS))
        .compose(updated -> client.lastSuccessfulDeployment(CANONICAL, "db/gstg").map(last -> Map.entry(updated, last)))
        .onComplete(context.succeeding(both -> context.verify(() -> {
          assertThat(both.getKey().getStatus()).isEqualTo(DeploymentStatus.SUCCESS);
          assertThat(both.getValue().orElseThrow().getId()).isEqualTo(both.getKey().getId());
          context.completeNow();
        })));
  }

  @Test
  void writesAnIncidentAndANoteCarryingTheirMarkers(VertxTestContext context) {
    IssueFields incident = new IssueFields("Post-deploy migration failed", "details\n<!-- pdm:run-4 -->",
        List.of("incident", "severity::3"), Optional.of("incident"), false);

    client.createIssue(PRODUCTION, incident, "<!-- pdm:run-4 -->")
        .compose(issue -> client.createIssueNote(PRODUCTION, issue.getIid(), "ran <!-- pdm:run-4:note -->",
                "<!-- pdm:run-4:note -->")
            .compose(note -> client.updateIssue(PRODUCTION, issue.getIid(), new IssueChanges(Optional.empty(),
                Optional.empty(), List.of("severity::2"), List.of("severity::3"), Optional.empty())))
            .compose(updated -> client.issueNotes(PRODUCTION, issue.getIid()).all().map(notes -> Map.entry(updated, notes))))
        .onComplete(context.succeeding(both -> context.verify(() -> {
          assertThat(both.getKey().getLabels()).contains("incident", "severity::2").doesNotContain("severity::3");
          assertThat(both.getKey().getIssueType()).isEqualTo("incident");
          assertThat(both.getValue()).extracting(note -> note.getBody()).contains("ran <!-- pdm:run-4:note -->");
          context.completeNow();
        })));
  }

  @Test
  void asksConditionallyAndIsAnsweredNotModifiedWhenNothingChanged(VertxTestContext context) {
    client.mergeRequest(CANONICAL, 171001)
        .compose(first -> client.mergeRequest(CANONICAL, 171001).map(second -> Map.entry(first, second)))
        .onComplete(context.succeeding(both -> context.verify(() -> {
          assertThat(both.getValue().getTitle()).isEqualTo(both.getKey().getTitle());
          assertThat(client.requestRate().notModified()).isEqualTo(1);
          context.completeNow();
        })));
  }

  @Test
  void readsApprovalsAndInheritedGroupMembers(VertxTestContext context) {
    client.approvalState(CANONICAL, 171001)
        .compose(state -> client.groupMembers(DATABASE_MAINTAINERS).all().map(members -> Map.entry(state, members)))
        .onComplete(context.succeeding(both -> context.verify(() -> {
          assertThat(both.getKey().getRules()).flatExtracting(rule -> rule.getApprovedBy())
              .extracting(User::getUsername).contains("chen-wei");
          assertThat(both.getValue()).extracting(Member::getUsername).containsExactlyInAnyOrder("chen-wei", "dana-okafor");
          context.completeNow();
        })));
  }
}
