package dev.pdm.sandbox.slack;

import io.vertx.core.json.JsonObject;

/** A member of the simulated workspace. */
public record SlackUser(String id, String name, String realName, String email) {

  /** As {@code users.lookupByEmail} returns it (the fields pdm may read). */
  JsonObject toJson(String teamId) {
    return new JsonObject().put("id", id).put("team_id", teamId).put("name", name).put("real_name", realName)
        .put("deleted", false).put("is_bot", false)
        .put("profile", new JsonObject().put("email", email).put("real_name", realName).put("display_name", name));
  }
}
