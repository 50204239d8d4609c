package dev.pdm.core.incident;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monthly release issue's description as a checklist pdm adds items to and ticks: each item carries a marker (an
 * HTML comment), so adding is done once and ticking finds its own line whatever else people wrote around it.
 */
public final class ReleaseChecklist {
  private ReleaseChecklist() {
  }

  /** The marker of release item {@code key} of the workflow of {@code runId}'s {@code stageId}. */
  public static String marker(String runId, String stageId, String key) {
    return "pdm-release-item:" + runId + ":" + stageId + ":" + key;
  }

  /** The description with {@code line} (an unticked item) appended, or empty when the item is there already. */
  public static Optional<String> withItem(String description, String line, String marker) {
    String text = description == null ? "" : description;
    if (text.contains(marker)) {
      return Optional.empty();
    }
    String item = line + " <!-- " + marker + " -->\n";
    return Optional.of(text.isBlank() ? item : text.stripTrailing() + "\n\n" + item);
  }

  /** Where the item with {@code marker} stands in {@code description}. */
  public enum ItemState { MISSING, UNTICKED, TICKED }

  public static ItemState state(String description, String marker) {
    Matcher line = line(description, marker);
    if (!line.find()) {
      return ItemState.MISSING;
    }
    return line.group(1).equals(" ") ? ItemState.UNTICKED : ItemState.TICKED;
  }

  /** The description with the item ticked, or empty when it is missing or ticked already. */
  public static Optional<String> ticked(String description, String marker) {
    Matcher line = line(description, marker);
    if (!line.find() || !line.group(1).equals(" ")) {
      return Optional.empty();
    }
    return Optional.of(description.substring(0, line.start(1)) + "x" + description.substring(line.end(1)));
  }

  private static Matcher line(String description, String marker) {
    return Pattern.compile("(?m)^\\s*[-*] \\[([ xX])\\] [^\\n]*" + Pattern.quote("<!-- " + marker + " -->"))
        .matcher(description == null ? "" : description);
  }
}
