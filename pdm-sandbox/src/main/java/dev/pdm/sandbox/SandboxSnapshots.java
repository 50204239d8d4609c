package dev.pdm.sandbox;

import dev.pdm.sandbox.state.Deployment;
import dev.pdm.sandbox.state.Issue;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.Note;
import dev.pdm.sandbox.state.Pipeline;
import dev.pdm.sandbox.state.Variable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable views of sandbox state for tests' assertions. */
public final class SandboxSnapshots {
  private SandboxSnapshots() {
  }

  /** A pipeline with its variables and latest jobs. */
  public record PipelineSnapshot(long id, String project, String ref, String status,
      Map<String, String> variables, List<JobSnapshot> jobs) {
    static PipelineSnapshot of(Pipeline p) {
      Map<String, String> vars = new LinkedHashMap<>();
      p.variables.forEach((Variable v) -> vars.put(v.key(), v.value()));
      return new PipelineSnapshot(p.id, p.project.path(), p.ref, p.status(), Map.copyOf(vars),
          p.latestJobs().stream().map(JobSnapshot::of).toList());
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
      String issueType, String state, boolean confidential, List<String> labels,
      List<String> notes) {
    static IssueSnapshot of(Issue i) {
      return new IssueSnapshot(i.iid, i.project.path(), i.title(), i.description(), i.issueType,
          i.state(), i.confidential(), i.labels(), i.notes().stream().map(Note::body).toList());
    }
  }
}
