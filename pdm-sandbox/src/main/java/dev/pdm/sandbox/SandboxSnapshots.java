package dev.pdm.sandbox;

import dev.pdm.sandbox.state.Commit;
import dev.pdm.sandbox.state.Deployment;
import dev.pdm.sandbox.state.Issue;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.MergeRequest;
import dev.pdm.sandbox.state.Note;
import dev.pdm.sandbox.state.Pipeline;
import dev.pdm.sandbox.state.User;
import dev.pdm.sandbox.state.Variable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Immutable views of sandbox state for tests' assertions. */
public final class SandboxSnapshots {
  private SandboxSnapshots() {
  }

  /**
   * A pipeline with its variables, latest jobs and the jobs retried (by the API or GitLab's
   * {@code retry:}); {@code visible} is false while GitLab has not committed it (a late-commit
   * fault), when the API does not show it yet.
   */
  public record PipelineSnapshot(long id, String project, String ref, String status,
      Map<String, String> variables, List<JobSnapshot> jobs, boolean visible, Instant createdAt,
      List<JobSnapshot> retriedJobs) {
    static PipelineSnapshot of(Pipeline p) {
      Map<String, String> vars = new LinkedHashMap<>();
      p.variables.forEach((Variable v) -> vars.put(v.key(), v.value()));
      return new PipelineSnapshot(p.id, p.project.path(), p.ref, p.status(), Map.copyOf(vars),
          p.latestJobs().stream().map(JobSnapshot::of).toList(), p.committed(), p.createdAt,
          p.allJobs().stream().filter(Job::retried).map(JobSnapshot::of).toList());
    }
  }

  /** A merge request: opened or merged, its head commit and, once merged, its merge commit. */
  public record MergeRequestSnapshot(long iid, String project, String title, String state,
      String sha, Optional<String> mergeCommitSha, Optional<String> mergedBy,
      List<String> labels) {
    static MergeRequestSnapshot of(MergeRequest m) {
      return new MergeRequestSnapshot(m.iid, m.project.path(), m.title, m.state(),
          m.commit.sha(), m.mergeCommit().map(Commit::sha), m.mergedBy().map(User::username),
          m.labels());
    }
  }

  /** A job and its log so far. */
  public record JobSnapshot(long id, String name, String stage, String status, String trace) {
    static JobSnapshot of(Job j) {
      return new JobSnapshot(j.id, j.name, j.stage, j.status(), j.trace());
    }
  }

  /** A deployment. */
  public record DeploymentSnapshot(long id, String project, String environment, String ref,
      String sha, String status) {
    static DeploymentSnapshot of(Deployment d) {
      return new DeploymentSnapshot(d.id, d.project().path(), d.environment.name(), d.ref, d.sha,
          d.status());
    }
  }

  /** An issue with its labels and note bodies. */
  public record IssueSnapshot(long iid, String project, String title, String description,
      String issueType, String state, List<String> labels, List<String> notes,
      boolean confidential) {
    static IssueSnapshot of(Issue i) {
      return new IssueSnapshot(i.iid, i.project.path(), i.title(), i.description(), i.issueType,
          i.state(), i.labels(), i.notes().stream().map(Note::body).toList(), i.confidential());
    }
  }
}
