package dev.pdm.server.incident;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.gitlab4j.api.models.Member;

/** The release managers: the configured usernames, then the members of the configured group, once each. */
public final class ReleaseManagerList {
  private final GitLabClient gitLab;
  private final PdmConfig.ReleaseManagers config;

  public ReleaseManagerList(GitLabClient gitLab, PdmConfig.ReleaseManagers config) {
    this.gitLab = gitLab;
    this.config = config;
  }

  /** Who they are now; fails when the group cannot be read. */
  public Future<List<String>> current() {
    if (config.group().isEmpty()) {
      return Future.succeededFuture(config.usernames());
    }
    return gitLab.groupMembers(config.group().get()).all().map(members -> {
      List<String> all = new ArrayList<>(config.usernames());
      members.stream().map(Member::getUsername).filter(u -> u != null && !all.contains(u)).forEach(all::add);
      return List.copyOf(all);
    });
  }
}
