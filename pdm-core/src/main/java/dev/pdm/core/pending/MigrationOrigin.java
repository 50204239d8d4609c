package dev.pdm.core.pending;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.gitlab4j.api.models.Commit;
import org.gitlab4j.api.models.MergeRequest;

/**
 * Where a file came from: the commit that added it (the oldest commit touching its path) and the merge request of
 * that commit. Each step that finds nothing says what it looked for.
 *
 * @param commitSha    the commit that added the file
 * @param mergeRequest the merge request that brought the commit in
 * @param gaps         what could not be found, and what was looked for
 */
public record MigrationOrigin(Optional<String> commitSha, Optional<MergeRequestRef> mergeRequest, List<String> gaps) {

  /** Copies the gaps. */
  public MigrationOrigin {
    gaps = List.copyOf(gaps);
  }

  /** Looks up the origin of {@code path} as of {@code ref} in {@code project}; never fails. */
  public static Future<MigrationOrigin> find(GitLabClient gitLab, String project, String path, String ref) {
    return gitLab.commitsTouching(project, path, ref).all()
        .transform(commits -> {
          if (commits.failed()) {
            return Future.succeededFuture(gap("the commits touching " + path + " at " + ref + " in " + project
                + " could not be listed: " + commits.cause().getMessage()));
          }
          List<Commit> newestFirst = commits.result();
          if (newestFirst.isEmpty()) {
            return Future.succeededFuture(gap("no commit touching " + path + " at " + ref + " in " + project));
          }
          return mergeRequestOf(gitLab, project, newestFirst.get(newestFirst.size() - 1).getId());
        });
  }

  private static Future<MigrationOrigin> mergeRequestOf(GitLabClient gitLab, String project, String sha) {
    return gitLab.mergeRequestsForCommit(project, sha).transform(found -> {
      if (found.failed()) {
        return Future.succeededFuture(new MigrationOrigin(Optional.of(sha), Optional.empty(), List.of(
            "the merge requests of commit " + sha + " could not be listed: " + found.cause().getMessage())));
      }
      Optional<MergeRequest> mr = found.result().stream()
          .min(Comparator.comparing(candidate -> "merged".equals(candidate.getState()) ? 0 : 1));
      return Future.succeededFuture(new MigrationOrigin(Optional.of(sha), mr.map(MergeRequestRef::of),
          mr.isPresent() ? List.of() : List.of("no merge request contains commit " + sha + " in " + project)));
    });
  }

  private static MigrationOrigin gap(String what) {
    return new MigrationOrigin(Optional.empty(), Optional.empty(), List.of(what));
  }
}
