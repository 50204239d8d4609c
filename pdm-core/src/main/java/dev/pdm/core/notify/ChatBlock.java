package dev.pdm.core.notify;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One Slack Block Kit block of a chat message; each checks Slack's limits so a rendered message is never refused. */
public sealed interface ChatBlock {

  /** Slack refuses a section or context text longer than this. */
  int MAX_TEXT = 3000;

  /** The block as Slack's JSON. */
  ObjectNode toSlackJson();

  /** A title line in large plain text (emoji shortcodes shown as emoji). */
  record Header(String plainText) implements ChatBlock {
    /** Slack refuses a header longer than this. */
    public static final int MAX_HEADER = 150;

    public Header {
      requireLength("header", plainText, MAX_HEADER);
    }

    @Override
    public ObjectNode toSlackJson() {
      ObjectNode text = JsonNodeFactory.instance.objectNode().put("type", "plain_text").put("text", plainText).put("emoji", true);
      ObjectNode block = JsonNodeFactory.instance.objectNode().put("type", "header");
      block.set("text", text);
      return block;
    }
  }

  /** A paragraph of mrkdwn; untrusted parts must already be escaped with {@link MrkdwnText}. */
  record Section(String mrkdwn) implements ChatBlock {
    public Section {
      requireLength("section", mrkdwn, MAX_TEXT);
    }

    @Override
    public ObjectNode toSlackJson() {
      ObjectNode block = JsonNodeFactory.instance.objectNode().put("type", "section");
      block.set("text", mrkdwnObject(mrkdwn));
      return block;
    }
  }

  /** Small print: links and identifiers, one element each. */
  record Context(List<String> elements) implements ChatBlock {
    /** Slack refuses a context block with more elements than this. */
    public static final int MAX_ELEMENTS = 10;

    public Context {
      elements = List.copyOf(elements);
      if (elements.isEmpty() || elements.size() > MAX_ELEMENTS) {
        throw new IllegalArgumentException("context block has " + elements.size() + " elements; expected 1 to " + MAX_ELEMENTS);
      }
      elements.forEach(e -> requireLength("context element", e, MAX_TEXT));
    }

    @Override
    public ObjectNode toSlackJson() {
      ObjectNode block = JsonNodeFactory.instance.objectNode().put("type", "context");
      elements.forEach(e -> block.withArrayProperty("elements").add(mrkdwnObject(e)));
      return block;
    }
  }

  /**
   * A mrkdwn text object. {@code verbatim} stops Slack from turning bare words into mentions or channel links: only the
   * explicit {@code <...>} syntax pdm writes itself is interpreted.
   */
  private static ObjectNode mrkdwnObject(String mrkdwn) {
    return JsonNodeFactory.instance.objectNode().put("type", "mrkdwn").put("text", mrkdwn).put("verbatim", true);
  }

  private static void requireLength(String what, String text, int max) {
    if (text == null || text.isEmpty() || text.length() > max) {
      throw new IllegalArgumentException(what + " text has " + (text == null ? "no" : text.length()) + " characters; expected 1 to "
          + max);
    }
  }
}
