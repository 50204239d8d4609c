package dev.pdm.sandbox.slack;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A message posted with {@code chat.postMessage}, with every later {@code chat.update} of it.
 *
 * @param channel  the channel's id ({@code C...}, or {@code D...} for a direct message)
 * @param ts       its id in the channel
 * @param threadTs the message it replies to, for a thread reply
 * @param user     who posted it (the bot)
 * @param versions the text and blocks as posted, then as each update left them
 */
public record SlackMessage(String channel, String ts, Optional<String> threadTs, String user, Instant postedAt,
    List<JsonObject> versions) {

  public SlackMessage {
    versions = List.copyOf(versions);
  }

  /** The message as it reads now: {@code {"text", "blocks"}}. */
  public JsonObject current() {
    return versions.get(versions.size() - 1);
  }

  /** How many times it was updated. */
  public int edits() {
    return versions.size() - 1;
  }

  /** Its text now, with the texts of its blocks. */
  public String readable() {
    return current().getString("text", "") + "\n" + current().getJsonArray("blocks", new JsonArray()).encode();
  }

  SlackMessage updated(JsonObject version) {
    List<JsonObject> all = new ArrayList<>(versions);
    all.add(version);
    return new SlackMessage(channel, ts, threadTs, user, postedAt, all);
  }

  public JsonObject toJson() {
    return new JsonObject().put("channel", channel).put("ts", ts).put("thread_ts", threadTs.orElse(null))
        .put("user", user).put("posted_at", postedAt.toString()).put("edits", edits()).put("current", current())
        .put("versions", new JsonArray(versions));
  }
}
