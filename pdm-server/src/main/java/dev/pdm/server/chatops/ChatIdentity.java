package dev.pdm.server.chatops;

import dev.pdm.core.chatops.ChatCommand;
import dev.pdm.core.config.PdmConfig;
import java.util.Optional;

/**
 * Who sent a chat request, as pdm sees them.
 *
 * @param platform  {@code slack} or {@code mattermost}
 * @param userId    the chat's user id
 * @param userName  the chat's user name, as the request gave it
 * @param name      the pdm identity: the configured name, else the chat user name
 * @param role      their role; empty for a user pdm does not know
 * @param mayRead   whether they may read (known users, and unknown ones where configured)
 */
record ChatIdentity(String platform, String userId, String userName, String name, Optional<PdmConfig.Role> role,
    boolean mayRead) {

  /** The actor in runs and the audit trail: the name and the chat user it came from: {@code emil (slack:U0123)}. */
  String actor() {
    return name + " (" + platform + ":" + userId + ")";
  }

  boolean allows(ChatCommand.Access access) {
    return access == ChatCommand.Access.OPERATE ? role.filter(r -> r == PdmConfig.Role.OPERATOR).isPresent()
        : mayRead;
  }

  /** Who pdm takes them for, for help texts and refusals. */
  String describe() {
    return role.map(r -> "You are " + name + " in pdm, " + (r == PdmConfig.Role.OPERATOR ? "an operator: you may read "
            + "and act on runs." : "a viewer: you may read; acting on runs needs the operator role."))
        .orElse("pdm does not know you (" + platform + " user " + userId + ")" + (mayRead ? ": you may read only."
            : ": ask to be added to chat." + platform + ".users."));
  }
}
