package dev.pdm.core.triage;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabException;
import dev.pdm.core.migrations.PostMigrateFile;
import dev.pdm.core.pending.MergeRequestRef;
import dev.pdm.core.pending.MigrationOrigin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gitlab4j.api.models.Job;
import org.gitlab4j.api.models.LabelEvent;
import org.gitlab4j.api.models.Member;
import org.gitlab4j.api.models.Project;
import org.gitlab4j.api.models.User;

/**
 * From a failed job and the migration its log names, finds the file, the commit and merge request that introduced
 * it, the author and the database maintainer who approved it. Never fails: each step that finds nothing adds a gap
 * saying what it looked for, and the report still comes out.
 */
public final class TriageLookup {

  private final Vertx vertx;
  private final GitLabClient gitLab;
  private final String canonicalProject;
  private final String maintainersGroup;
  private final String approvalLabel;

  /**
   * A lookup in {@code canonicalProject}, where the database maintainers are the members (inherited included) of
   * {@code maintainersGroup} and {@code approvalLabel} (e.g. {@code database::approved}) marks their approval.
   */
  public TriageLookup(Vertx vertx, GitLabClient gitLab, String canonicalProject, String maintainersGroup,
      String approvalLabel) {
    this.vertx = vertx;
    this.gitLab = gitLab;
    this.canonicalProject = canonicalProject;
    this.maintainersGroup = maintainersGroup;
    this.approvalLabel = approvalLabel;
  }

  /** Triages {@code failed}, seen in job {@code jobId} of {@code jobProject} that ran at {@code sha}. */
  public Future<TriageReport> lookup(String jobProject, long jobId, String sha, FailedMigration failed) {
    List<String> gaps = Collections.synchronizedList(new ArrayList<>());
    Future<Optional<Job>> job = found(gitLab.job(jobProject, jobId), gaps,
        "job " + jobId + " in " + jobProject);
    Future<Optional<Project>> project = found(gitLab.project(canonicalProject), gaps, "project " + canonicalProject);
    Future<Optional<MigrationSource>> source = source(failed, sha, gaps);
    return Future.join(job, project, source).compose(done -> {
      Optional<MigrationSource> file = source.result();
      Optional<String> fileUrl = file.flatMap(f -> project.result().map(p -> p.getWebUrl() + "/-/blob/" + sha + "/"
          + f.path()));
      Future<MigrationOrigin> origin = file
          .map(f -> MigrationOrigin.find(gitLab, canonicalProject, f.path(), sha))
          .orElseGet(() -> Future.succeededFuture(new MigrationOrigin(Optional.empty(), Optional.empty(), List.of())));
      return origin.compose(o -> {
        gaps.addAll(o.gaps());
        Future<Optional<DatabaseApprover>> approver = o.mergeRequest()
            .map(mr -> approver(mr.iid(), gaps))
            .orElseGet(() -> Future.succeededFuture(Optional.empty()));
        Future<Optional<MigrationClassification>> kind = classification(file, gaps);
        return Future.all(approver, kind).map(both -> new TriageReport(failed, jobProject, jobId, sha,
            job.result().map(Job::getWebUrl), job.result().flatMap(TriageLookup::pipelineUrl),
            file.map(MigrationSource::path), fileUrl, kind.result(), o.commitSha(), o.mergeRequest(),
            o.mergeRequest().flatMap(MergeRequestRef::author), approver.result(), gaps));
      });
    });
  }

  /** The file's kind, worked out on a worker thread: its text is anyone's who can push a migration. */
  private Future<Optional<MigrationClassification>> classification(Optional<MigrationSource> file, List<String> gaps) {
    if (file.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    String source = file.get().source();
    if (source.length() > MigrationKindClassifier.MAX_SOURCE_CHARS) {
      gaps.add("the file " + file.get().path() + " has " + source.length() + " characters, more than the "
          + MigrationKindClassifier.MAX_SOURCE_CHARS + " pdm classifies: its kind is unknown");
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.executeBlocking(() -> Optional.of(MigrationKindClassifier.classify(source)), false);
  }

  /** A migration file's path and Ruby source. */
  private record MigrationSource(String path, String source) {
  }

  /** The file Rails expects from version and class; else the file in the directory with that version. */
  private Future<Optional<MigrationSource>> source(FailedMigration failed, String sha, List<String> gaps) {
    Optional<String> expected;
    try {
      expected = Optional.of(PostMigrateFile.of(failed.version(), failed.className()).path());
    } catch (IllegalArgumentException e) {
      gaps.add("no file name can be derived: " + e.getMessage());
      expected = Optional.empty();
    }
    Future<Optional<MigrationSource>> direct = expected
        .map(path -> gitLab.rawFile(canonicalProject, path, sha).map(text -> Optional.of(new MigrationSource(path, text)))
            .recover(failure -> GitLabException.isNotFound(failure) ? Future.succeededFuture(Optional.empty())
                : Future.failedFuture(failure)))
        .orElseGet(() -> Future.succeededFuture(Optional.empty()));
    return direct.compose(file -> file.isPresent() ? Future.succeededFuture(file) : byVersion(failed.version(), sha))
        .transform(outcome -> {
          String where = PostMigrateFile.DIRECTORY + failed.version() + "_*.rb at " + sha + " in " + canonicalProject;
          if (outcome.failed()) {
            gaps.add("the file " + where + " could not be read: " + outcome.cause().getMessage());
            return Future.succeededFuture(Optional.empty());
          }
          if (outcome.result().isEmpty()) {
            gaps.add("no file " + where);
          }
          return Future.succeededFuture(outcome.result());
        });
  }

  private Future<Optional<MigrationSource>> byVersion(String version, String sha) {
    String directory = PostMigrateFile.DIRECTORY.substring(0, PostMigrateFile.DIRECTORY.length() - 1);
    return gitLab.tree(canonicalProject, directory, sha)
        .first(item -> item.getName() != null && item.getName().startsWith(version + "_"))
        .compose(item -> item.isEmpty() ? Future.succeededFuture(Optional.empty())
            : gitLab.rawFile(canonicalProject, item.get().getPath(), sha)
                .map(text -> Optional.of(new MigrationSource(item.get().getPath(), text))));
  }

  /** An approver of MR {@code iid} in the maintainers group; else who added the approval label last. */
  private Future<Optional<DatabaseApprover>> approver(long iid, List<String> gaps) {
    Future<Optional<List<User>>> approvedBy = found(gitLab.approvals(canonicalProject, iid)
        .map(mr -> mr.getApprovedBy() == null ? List.<User>of() : mr.getApprovedBy()), gaps,
        "the approvals of !" + iid);
    Future<Optional<List<Member>>> maintainers = found(gitLab.groupMembers(maintainersGroup).all(), gaps,
        "the members of group " + maintainersGroup);
    Future<Optional<List<LabelEvent>>> labelEvents = found(gitLab.mergeRequestLabelEvents(canonicalProject, iid).all(),
        gaps, "the label events of !" + iid);
    return Future.join(approvedBy, maintainers, labelEvents).map(done -> {
      Set<String> groupMembers = maintainers.result().orElse(List.of()).stream().map(Member::getUsername)
          .collect(Collectors.toSet());
      Optional<DatabaseApprover> approved = approvedBy.result().orElse(List.of()).stream()
          .map(User::getUsername).filter(groupMembers::contains).findFirst()
          .map(username -> new DatabaseApprover(username, DatabaseApprover.How.APPROVED));
      Optional<DatabaseApprover> labelled = labelEvents.result().orElse(List.of()).stream()
          .filter(event -> "add".equals(event.getAction()) && event.getLabel() != null
              && approvalLabel.equals(event.getLabel().getName()) && event.getUser() != null)
          .reduce((earlier, later) -> later)
          .map(event -> new DatabaseApprover(event.getUser().getUsername(), DatabaseApprover.How.ADDED_LABEL));
      Optional<DatabaseApprover> approver = approved.or(() -> labelled);
      if (approver.isEmpty()) {
        gaps.add("no approver of !" + iid + " is a member of " + maintainersGroup + ", and nobody added the label "
            + approvalLabel);
      }
      return approver;
    });
  }

  private static Optional<String> pipelineUrl(Job job) {
    if (job.getPipeline() == null) {
      return Optional.empty();
    }
    if (job.getPipeline().getWebUrl() != null) {
      return Optional.of(job.getPipeline().getWebUrl());
    }
    return Optional.ofNullable(job.getWebUrl()).filter(url -> url.contains("/-/jobs/"))
        .map(url -> url.substring(0, url.indexOf("/-/jobs/")) + "/-/pipelines/" + job.getPipeline().getId());
  }

  /** The value, or empty with a gap naming what could not be read and why. */
  private static <T> Future<Optional<T>> found(Future<T> lookup, List<String> gaps, String what) {
    return lookup.map(Optional::of).recover(failure -> {
      gaps.add(what + " could not be read: " + failure.getMessage());
      return Future.succeededFuture(Optional.empty());
    });
  }
}
