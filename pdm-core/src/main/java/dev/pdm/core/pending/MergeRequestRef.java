package dev.pdm.core.pending;

import java.util.Optional;
import org.gitlab4j.api.models.Author;
import org.gitlab4j.api.models.MergeRequest;

/**
 * The merge request that introduced something, as pdm reports it.
 *
 * @param iid            the MR's number in its project
 * @param title          its title (GitLab text: data, neutralise before rendering as markdown)
 * @param webUrl         its page
 * @param author         the author's username, if GitLab said
 * @param mergeCommitSha the commit that merged it (merge, squash or head commit), if merged
 */
public record MergeRequestRef(long iid, String title, String webUrl, Optional<String> author,
                              Optional<String> mergeCommitSha) {

  /** The reference for a gitlab4j merge request. */
  public static MergeRequestRef of(MergeRequest mr) {
    String merged = mr.getMergeCommitSha() != null ? mr.getMergeCommitSha()
        : mr.getSquashCommitSha() != null ? mr.getSquashCommitSha()
        : "merged".equals(mr.getState()) ? mr.getSha() : null;
    return new MergeRequestRef(mr.getIid(), String.valueOf(mr.getTitle()), String.valueOf(mr.getWebUrl()),
        Optional.ofNullable(mr.getAuthor()).map(Author::getUsername), Optional.ofNullable(merged));
  }
}
