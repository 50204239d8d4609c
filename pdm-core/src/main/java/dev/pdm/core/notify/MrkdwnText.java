package dev.pdm.core.notify;

import dev.pdm.core.triage.RowData;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Untrusted text (GitLab titles, error messages, check reasons, operator reasons) made safe for a Slack-compatible
 * chat: the three control characters are escaped so it cannot open a link or a mention ({@code <!channel>},
 * {@code <@U123>}), every {@code @mention} is defused with a zero-width space (Mattermost and Rocket.Chat notify on
 * plain {@code @channel}, {@code @all}, {@code @here}, {@code @user}), row data in database errors is redacted
 * ({@link RowData}), and its length is bounded without cutting an entity or a surrogate pair.
 */
public final class MrkdwnText {

  /** Appended where text was cut. */
  public static final String ELLIPSIS = "…";

  /**
   * An {@code @} that starts a word: Mattermost and Rocket.Chat turn {@code @all}, {@code @channel}, {@code @here} and
   * {@code @someone} into notifications even in text Slack would leave alone.
   */
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_])@(?=[\\p{L}\\p{N}_])");
  private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s]+");
  private static final int MAX_URL_CHARS = 2000;

  private MrkdwnText() {
  }

  /** The text escaped, whatever its length. */
  public static String escape(String raw) {
    return escapeWithin(raw, Integer.MAX_VALUE);
  }

  /** The text escaped, cut (with an ellipsis) so that the escaped result has at most {@code maxChars} characters. */
  public static String escapeWithin(String raw, int maxChars) {
    String defused = MENTION.matcher(RowData.redact(raw)).replaceAll("@\u200B");
    StringBuilder out = new StringBuilder(Math.min(defused.length() + 16, 4096));
    int budget = maxChars - ELLIPSIS.length();
    int i = 0;
    while (i < defused.length()) {
      int codePoint = defused.codePointAt(i);
      String piece = switch (codePoint) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        default -> new String(Character.toChars(codePoint));
      };
      i += Character.charCount(codePoint);
      boolean lastPiece = i >= defused.length();
      if (out.length() + piece.length() > (lastPiece ? maxChars : budget)) {
        return out.append(ELLIPSIS).toString();
      }
      out.append(piece);
    }
    return out.toString();
  }

  /** Plain (non-mrkdwn) text cut to {@code maxChars}, for Slack's plain_text objects such as headers. */
  public static String plainWithin(String raw, int maxChars) {
    if (raw.length() <= maxChars) {
      return raw;
    }
    int end = maxChars - ELLIPSIS.length();
    if (Character.isLowSurrogate(raw.charAt(end))) {
      end--;
    }
    return raw.substring(0, end) + ELLIPSIS;
  }

  /**
   * A mrkdwn link {@code <url|label>}, only for an http(s) URL of sane length: anything else could smuggle Slack syntax
   * (a {@code |} or {@code >} in the URL), so it gives no link at all.
   */
  public static Optional<String> link(String url, String label) {
    if (url == null || url.length() > MAX_URL_CHARS || !WEB_URL.matcher(url).matches()) {
      return Optional.empty();
    }
    String safeUrl = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "%7C");
    return Optional.of("<" + safeUrl + "|" + escapeWithin(label, 200) + ">");
  }

  /** Untrusted text as a code block, which shows it verbatim; backticks are swapped so it cannot close the block. */
  public static String codeBlock(String raw, int maxChars) {
    String fence = "```";
    return fence + escapeWithin(raw.replace('`', 'ˋ'), maxChars - 2 * fence.length()) + fence;
  }

  /**
   * Already-safe lines joined by newlines, as many as fit in {@code maxChars}; the rest are counted in a last line so the
   * reader knows some were left out.
   */
  public static String fitLines(List<String> lines, int maxChars) {
    String all = String.join("\n", lines);
    if (all.length() <= maxChars) {
      return all;
    }
    StringBuilder out = new StringBuilder();
    for (int shown = 0; shown < lines.size(); shown++) {
      String line = (shown == 0 ? "" : "\n") + lines.get(shown);
      int left = lines.size() - shown - 1;
      String more = left == 0 ? "" : "\n" + ELLIPSIS + " and " + left + " more";
      if (out.length() + line.length() + more.length() > maxChars) {
        String notShown = (shown == 0 ? "" : "\n") + ELLIPSIS + " and " + (lines.size() - shown) + " more";
        return out.append(notShown).toString();
      }
      out.append(line);
    }
    return out.toString();
  }
}
