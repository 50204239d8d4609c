package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Pattern;

/**
 * Text from the server (GitLab titles, job logs, error messages: anyone's words) made harmless for a terminal: escape
 * sequences (colours, cursor moves, window titles, OSC 8 links, clipboard writes) and other control characters are
 * removed; line breaks and tabs stay. pdm's own colours are added after, by {@link Style}.
 */
public final class TerminalText {
  /** CSI ({@code ESC [} or its one-byte form), OSC ({@code ESC ]} up to BEL or ST), DCS/PM/APC, and two-byte escapes. */
  private static final Pattern ESCAPE_SEQUENCE = Pattern.compile(
      "(?:\u001B\\[|\u009B)[0-?]*[ -/]*[@-~]?"
          + "|(?:\u001B[\\]PX^_]|[\u0090\u009D\u009E\u009F])[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\\\|\u009C)?"
          + "|\u001B[ -~]?");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F]");

  private TerminalText() {
  }

  /** {@code text} without escape sequences or control characters other than line feed and tab. */
  public static String clean(String text) {
    if (text == null) {
      return null;
    }
    boolean plain = text.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c >= 0x7F && c <= 0x9F);
    return plain ? text : CONTROL.matcher(ESCAPE_SEQUENCE.matcher(text).replaceAll("")).replaceAll("");
  }

  /** A copy of {@code node} whose every text (values and field names) is {@link #clean}ed. */
  public static JsonNode cleaned(JsonNode node) {
    if (node.isTextual()) {
      String text = node.textValue();
      String clean = clean(text);
      return clean.equals(text) ? node : TextNode.valueOf(clean);
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      node.forEach(item -> copy.add(cleaned(item)));
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      node.fields().forEachRemaining(field -> copy.set(clean(field.getKey()), cleaned(field.getValue())));
      return copy;
    }
    return node;
  }
}
