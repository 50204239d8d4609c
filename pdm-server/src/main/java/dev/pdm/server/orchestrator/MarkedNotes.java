package dev.pdm.server.orchestrator;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import org.gitlab4j.api.models.Note;

/**
 * A note on an issue, posted once: it carries a marker, and the issue's notes are searched for the marker before it is
 * posted, so an executor run again after a crash (or a lost answer) finds its note instead of posting a second one.
 */
public final class MarkedNotes {
  private MarkedNotes() {
  }

  /** Posts {@code body} followed by the marker as an HTML comment, unless a note with the marker is there already. */
  public static Future<Note> postOnce(GitLabClient gitLab, String project, long iid, String body, String marker) {
    String text = body + "\n\n<!-- " + marker + " -->";
    return gitLab.issueNotes(project, iid)
        .first(note -> note.getBody() != null && note.getBody().contains(marker))
        .compose(existing -> existing.map(Future::succeededFuture)
            .orElseGet(() -> gitLab.createIssueNote(project, iid, text, marker)));
  }
}
