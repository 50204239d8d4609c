package dev.pdm.server.chatops;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.PdmConfig.ChatUser;
import dev.pdm.core.config.PdmConfig.Role;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a chat user to a pdm identity and role: a user listed in configuration first, then membership of the Slack user
 * group configured for a role (operator before viewer; members read from Slack and kept a minute), else unknown. A
 * user group that cannot be read (or not within 1.5 s) grants nothing.
 */
final class ChatUsers {
  private static final Logger LOG = LoggerFactory.getLogger(ChatUsers.class);
  private static final Duration GROUP_MEMBERS_KEPT = Duration.ofMinutes(1);
  /** Slack wants an answer within 3 s: a user group that takes longer to read grants nothing this time. */
  private static final long GROUP_READ_MILLIS = 1500;
  private final String platform;
  private final List<ChatUser> users;
  private final Map<Role, String> groups;
  private final PdmConfig.UnknownUsers unknownUsers;
  private final Optional<SlackWebApi> slack;
  private final Clock clock;
  private final Map<String, Members> members = new ConcurrentHashMap<>();

  private record Members(Set<String> ids, Instant readAt) {
  }

  ChatUsers(String platform, List<ChatUser> users, Map<Role, String> groups, PdmConfig.UnknownUsers unknownUsers,
      Optional<SlackWebApi> slack, Clock clock) {
    this.platform = platform;
    this.users = List.copyOf(users);
    this.groups = Map.copyOf(groups);
    this.unknownUsers = unknownUsers;
    this.slack = slack;
    this.clock = clock;
  }

  static ChatUsers slack(PdmConfig.Slack config, Optional<SlackWebApi> api, Clock clock) {
    return new ChatUsers("slack", config.users(), config.userGroups(), config.unknownUsers(), api, clock);
  }

  static ChatUsers mattermost(PdmConfig.Mattermost config, Clock clock) {
    return new ChatUsers("mattermost", config.users(), Map.of(), config.unknownUsers(), Optional.empty(), clock);
  }

  /** The configured user with this id. */
  Optional<ChatUser> configured(String userId) {
    return users.stream().filter(u -> u.userId().equals(userId)).findFirst();
  }

  /** The configured user with this GitLab username. */
  Optional<ChatUser> byGitLabUsername(String username) {
    return users.stream().filter(u -> u.gitlabUsername().filter(username::equals).isPresent()).findFirst();
  }

  /** The configured user whose pdm name is {@code name}. */
  Optional<ChatUser> byName(String name) {
    return users.stream().filter(u -> u.name().equals(name)).findFirst();
  }

  Future<ChatIdentity> identify(String userId, String userName) {
    Optional<ChatUser> known = configured(userId);
    if (known.isPresent()) {
      return Future.succeededFuture(identity(userId, userName, known.get().name(), Optional.of(known.get().role())));
    }
    return groupRole(userId, Role.OPERATOR)
        .compose(operator -> operator ? Future.succeededFuture(Optional.of(Role.OPERATOR))
            : groupRole(userId, Role.VIEWER).map(viewer -> viewer ? Optional.of(Role.VIEWER) : Optional.<Role>empty()))
        .map(role -> identity(userId, userName, userName, role));
  }

  private ChatIdentity identity(String userId, String userName, String name, Optional<Role> role) {
    return new ChatIdentity(platform, userId, userName, name, role,
        role.isPresent() || unknownUsers == PdmConfig.UnknownUsers.READ);
  }

  private Future<Boolean> groupRole(String userId, Role role) {
    String group = groups.get(role);
    if (group == null || slack.isEmpty()) {
      return Future.succeededFuture(false);
    }
    Members cached = members.get(group);
    if (cached != null && Duration.between(cached.readAt(), clock.instant()).compareTo(GROUP_MEMBERS_KEPT) < 0) {
      return Future.succeededFuture(cached.ids().contains(userId));
    }
    return slack.get().userGroupMembers(group)
        .timeout(GROUP_READ_MILLIS, TimeUnit.MILLISECONDS)
        .map(ids -> {
          members.put(group, new Members(Set.copyOf(ids), clock.instant()));
          return ids.contains(userId);
        })
        .otherwise(err -> {
          LOG.warn("could not read the members of Slack user group {} ({} role): {}", group,
              role.name().toLowerCase(java.util.Locale.ROOT), err.getMessage());
          return false;
        });
  }
}
