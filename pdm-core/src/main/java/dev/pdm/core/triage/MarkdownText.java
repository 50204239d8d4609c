package dev.pdm.core.triage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts GitLab text (titles, messages, paths) into markdown as inert data: code spans and fences that no content can
 * close early, so a title cannot inject markup, links or @-mentions; mentions only for valid usernames.
 */
public final class MarkdownText {

  private static final Pattern BACKTICKS = Pattern.compile("`+");
  private static final Pattern QUICK_ACTION_LINE = Pattern.compile("(?m)^/");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
  private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s()<>\\[\\]`\"']+");

  private MarkdownText() {
  }

  /** An inline code span holding {@code text} on one line ({@code null} shows as {@code unknown}). */
  public static String code(String text) {
    String oneLine = (text == null ? "unknown" : text).replaceAll("[\\r\\n\\t]+", " ");
    String fence = "`".repeat(longestBacktickRun(oneLine) + 1);
    boolean pad = oneLine.startsWith("`") || oneLine.endsWith("`") || oneLine.isBlank();
    return fence + (pad ? " " : "") + oneLine + (pad ? " " : "") + fence;
  }

  /**
   * A fenced code block holding {@code text}, verbatim but for a space before any line that starts with {@code /}.
   * GitLab runs a quick action ({@code /close}, {@code /label}) on any line starting with one outside what its own
   * extractor takes for a code block, and that extractor ends a block at the first line of three backticks, which the
   * text itself may hold: the fence alone cannot protect the lines after it.
   */
  public static String block(String text) {
    String fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
    return fence + "text\n" + withoutQuickActions(text.stripTrailing()) + "\n" + fence;
  }

  /** {@code text} with a space before every line that starts with {@code /}, so none is a quick action. */
  static String withoutQuickActions(String text) {
    return QUICK_ACTION_LINE.matcher(text).replaceAll(" /");
  }

  /** {@code @username} when it is a valid GitLab username, else the name as code (which mentions nobody). */
  public static String mention(String username) {
    return USERNAME.matcher(username).matches() ? "@" + username : code(username);
  }

  /** A link with already-safe markdown {@code label} to {@code url}, or the label and the URL as code if odd. */
  public static String link(String label, String url) {
    return SAFE_URL.matcher(url).matches() ? "[" + label + "](" + url + ")" : label + " (" + code(url) + ")";
  }

  /** Only characters safe in a plain title (identifiers, digits, {@code :}, {@code .}, {@code -}). */
  public static String identifier(String text) {
    return text == null ? "unknown" : text.replaceAll("[^A-Za-z0-9_:.\\-]", "");
  }

  private static int longestBacktickRun(String text) {
    int longest = 0;
    Matcher matcher = BACKTICKS.matcher(text);
    while (matcher.find()) {
      longest = Math.max(longest, matcher.group().length());
    }
    return longest;
  }
}
