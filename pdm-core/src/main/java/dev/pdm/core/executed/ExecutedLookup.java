package dev.pdm.core.executed;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.MergeRequestRef;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.api.models.MergeRequest;

/**
 * Answers "has this commit's / merge request's post-deploy migration run on each environment?" from two GitLab
 * sources: the {@code db/<env>} deployment containing the commit, and the MR's {@code workflow::post-deploy-db-*}
 * label. The server adds its run records with {@link ExecutedReport#withSource}.
 */
public final class ExecutedLookup {

  /** The prefix of the labels pdm puts on merge requests whose migrations ran. */
  public static final String LABEL_PREFIX = "workflow::post-deploy-db-";

  private final GitLabClient gitLab;
  private final String project;
  private final List<ExecutedEnvironment> environments;
  private final CommitContainment containment;

  /** Answers for {@code environments} of the canonical {@code project}. */
  public ExecutedLookup(GitLabClient gitLab, String project, List<ExecutedEnvironment> environments) {
    this.gitLab = gitLab;
    this.project = project;
    this.environments = List.copyOf(environments);
    this.containment = new CommitContainment(gitLab, project);
  }

  /** The answer for commit {@code sha}; its MR (for labels) is the merged MR containing it, if any. */
  public Future<ExecutedReport> forSha(String sha) {
    if (sha == null || !sha.matches("[0-9a-fA-F]{7,64}")) {
      return Future.failedFuture(new IllegalArgumentException("sha: expected 7 to 64 hex digits, got '" + sha + "'"));
    }
    Future<Optional<MergeRequest>> mergeRequest = gitLab.mergeRequestsForCommit(project, sha)
        .map(found -> found.stream().filter(mr -> "merged".equals(mr.getState())).findFirst()
            .or(() -> found.stream().findFirst()));
    return mergeRequest.transform(found -> answer(sha, Optional.of(sha),
        found.succeeded() ? found.result() : Optional.empty(),
        found.succeeded() ? "no merge request in " + project + " contains " + sha
            : "could not ask GitLab for the merge requests of " + sha + ": " + found.cause().getMessage()));
  }

  /** The answer for merge request {@code !iid}, about its merge commit. Fails when the MR cannot be read. */
  public Future<ExecutedReport> forMergeRequest(long iid) {
    return gitLab.mergeRequest(project, iid).compose(mr -> {
      Optional<String> sha = MergeRequestRef.of(mr).mergeCommitSha();
      return answer("!" + iid, sha, Optional.of(mr), "");
    });
  }

  private Future<ExecutedReport> answer(String subject, Optional<String> sha, Optional<MergeRequest> mergeRequest,
                                        String whyNoMergeRequest) {
    List<Future<EnvironmentAnswer>> answers = environments.stream()
        .map(environment -> deployments(environment, sha, mergeRequest).map(fromDeployments ->
            new EnvironmentAnswer(environment.environment(), List.of(fromDeployments,
                labels(environment, mergeRequest, whyNoMergeRequest)))))
        .toList();
    return Future.all(answers).map(done ->
        new ExecutedReport(subject, sha, answers.stream().map(Future::result).toList()));
  }

  private Future<SourceAnswer> deployments(ExecutedEnvironment environment, Optional<String> sha,
                                           Optional<MergeRequest> mergeRequest) {
    String dbEnvironment = environment.dbEnvironment();
    if (sha.isEmpty()) {
      String mr = mergeRequest.map(m -> "!" + m.getIid()).orElse("the merge request");
      return Future.succeededFuture(new SourceAnswer(SourceAnswer.DEPLOYMENTS, Executed.NO,
          mr + " is not merged, so no " + dbEnvironment + " deployment can contain it", Optional.empty()));
    }
    return gitLab.lastSuccessfulDeployment(project, dbEnvironment)
        .compose(last -> last.isEmpty()
            ? Future.succeededFuture(unknown("no successful deployment on " + dbEnvironment + " yet"))
            : contains(dbEnvironment, last.get(), sha.get()))
        .recover(failure -> Future.succeededFuture(unknown("could not ask GitLab: " + failure.getMessage())));
  }

  private Future<SourceAnswer> contains(String dbEnvironment, Deployment deployment, String sha) {
    String where = dbEnvironment + " deployment #" + deployment.getIid() + " at " + deployment.getSha();
    return containment.contains(deployment.getSha(), sha).map(contained -> new SourceAnswer(SourceAnswer.DEPLOYMENTS,
        contained ? Executed.YES : Executed.NO,
        sha + (contained ? " is contained in " : " is not contained in ") + where, Optional.empty()));
  }

  private static SourceAnswer labels(ExecutedEnvironment environment, Optional<MergeRequest> mergeRequest,
                                     String whyNoMergeRequest) {
    if (mergeRequest.isEmpty()) {
      return new SourceAnswer(SourceAnswer.LABELS, Executed.UNKNOWN, whyNoMergeRequest, Optional.empty());
    }
    MergeRequest mr = mergeRequest.get();
    String label = LABEL_PREFIX + environment.labelSuffix();
    boolean labelled = mr.getLabels() != null && mr.getLabels().contains(label);
    return new SourceAnswer(SourceAnswer.LABELS, labelled ? Executed.YES : Executed.NO,
        "!" + mr.getIid() + (labelled ? " has label " : " does not have label ") + label,
        Optional.ofNullable(mr.getWebUrl()));
  }

  private static SourceAnswer unknown(String detail) {
    return new SourceAnswer(SourceAnswer.DEPLOYMENTS, Executed.UNKNOWN, detail, Optional.empty());
  }
}
