package dev.pdm.core.notify;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A chat message ready to post to a Slack-compatible incoming webhook.
 *
 * @param text   the fallback (mrkdwn, already escaped) shown in notifications and by clients without blocks
 * @param blocks the message as Block Kit blocks
 */
public record ChatMessage(String text, List<ChatBlock> blocks) {

  public ChatMessage {
    Objects.requireNonNull(text, "chat message text");
    blocks = List.copyOf(blocks);
  }

  /** The webhook's JSON body: {@code {"text": ..., "blocks": [...]}}. */
  public ObjectNode toSlackJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("text", text);
    blocks.forEach(b -> body.withArrayProperty("blocks").add(b.toSlackJson()));
    return body;
  }
}
