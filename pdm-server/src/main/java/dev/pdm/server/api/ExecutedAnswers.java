package dev.pdm.server.api;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.executed.Executed;
import dev.pdm.core.executed.ExecutedEnvironment;
import dev.pdm.core.executed.ExecutedLookup;
import dev.pdm.core.executed.ExecutedReport;
import dev.pdm.core.executed.ExecutedSubject;
import dev.pdm.core.executed.SourceAnswer;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.server.orchestrator.PlanLayout;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * "Was it executed?": the db/&lt;env&gt; deployments and workflow labels GitLab has, and pdm's own runs, per migrated
 * environment. One answer for the API, the page and chat, shared by everyone asking the same question for
 * {@code maxAge} (a hundred viewers cost GitLab one lookup).
 */
public final class ExecutedAnswers {
  private final RunStore store;
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final SharedAnswers<ExecutedReport> shared;

  public ExecutedAnswers(RunStore store, GitLabClient gitLab, PlanLayout plan, Clock clock, Duration maxAge) {
    this.store = store;
    this.gitLab = gitLab;
    this.plan = plan;
    this.shared = new SharedAnswers<>(clock, maxAge);
  }

  /** The three sources, per environment; fails when GitLab cannot be read. */
  public Future<ExecutedReport> answer(ExecutedSubject subject) {
    String question = subject.mergeRequest().map(iid -> "mr:" + iid).orElseGet(() -> "sha:" + subject.sha().orElseThrow());
    return shared.get(question, () -> lookUp(subject));
  }

  private Future<ExecutedReport> lookUp(ExecutedSubject subject) {
    List<ExecutedEnvironment> environments = plan.migratedEnvironments().stream()
        .map(e -> new ExecutedEnvironment(e.gitlabEnvironment(), e.dbEnvironment(), e.workflowLabel())).toList();
    ExecutedLookup lookup = new ExecutedLookup(gitLab, plan.config().projects().canonical(), environments);
    Future<ExecutedReport> report = subject.mergeRequest().isPresent()
        ? lookup.forMergeRequest(subject.mergeRequest().get()) : lookup.forSha(subject.sha().orElseThrow());
    return report.compose(r -> withRuns(r, subject));
  }

  /** Adds pdm's own runs as a source: a succeeded migrate stage whose pending migrations came from that MR. */
  private Future<ExecutedReport> withRuns(ExecutedReport report, ExecutedSubject subject) {
    return store.list(Optional.empty(), Optional.empty(), 200).map(runs -> {
      ExecutedReport result = report;
      for (PdmConfig.Environment env : plan.migratedEnvironments()) {
        Optional<StoredRun> ran = runs.stream().filter(run -> ranOn(run, env.name(), subject)).findFirst();
        result = result.withSource(env.gitlabEnvironment(), ran
            .map(run -> new SourceAnswer("runs", Executed.YES, "pdm run " + run.id() + " migrated it",
                Optional.of("/#/runs/" + run.id())))
            .orElse(new SourceAnswer("runs", Executed.UNKNOWN, "no pdm run recorded migrating it",
                Optional.empty())));
      }
      return result;
    });
  }

  private static boolean ranOn(StoredRun run, String env, ExecutedSubject subject) {
    JsonObject state = run.state();
    JsonArray stages = state.getJsonObject("run", new JsonObject()).getJsonArray("stages", new JsonArray());
    boolean succeeded = stages.stream().map(JsonObject.class::cast).anyMatch(s ->
        "SUCCEEDED".equals(s.getString("status")) && "MIGRATE".equals(s.getJsonObject("spec").getString("kind"))
            && env.equals(s.getJsonObject("spec").getString("environment")));
    if (!succeeded) {
      return false;
    }
    JsonObject pending = state.getJsonObject("pending", new JsonObject()).getJsonObject(env);
    JsonArray migrations = pending == null ? new JsonArray() : pending.getJsonArray("migrations", new JsonArray());
    return migrations.stream().map(JsonObject.class::cast).map(m -> m.getJsonObject("merge_request"))
        .filter(java.util.Objects::nonNull)
        .anyMatch(mr -> subject.mergeRequest().map(i -> i.equals(mr.getLong("iid"))).orElse(false)
            || subject.sha().map(s -> String.valueOf(mr.getString("merge_commit_sha")).startsWith(s)).orElse(false));
  }
}
