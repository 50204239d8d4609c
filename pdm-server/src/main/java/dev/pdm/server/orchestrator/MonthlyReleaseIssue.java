package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.gitlab4j.api.models.Issue;

/** Finds the monthly release issue: the configured one, else the newest open issue with the release label. */
public final class MonthlyReleaseIssue {
  private MonthlyReleaseIssue() {
  }

  /** The issue; fails with {@link NotFoundException} when there is none, which only a person can fix. */
  public static Future<Issue> find(GitLabClient gitLab, PdmConfig.ReleaseIssue config) {
    if (config.iid().isPresent()) {
      return gitLab.issue(config.project(), config.iid().get());
    }
    return gitLab.issues(config.project(), "opened", Optional.empty(), List.of(config.label())).first(i -> true)
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            new NotFoundException("no open issue labelled '" + config.label() + "' in " + config.project()))));
  }

  /** The monthly release issue could not be found: a person must say which one. */
  public static final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }
}
