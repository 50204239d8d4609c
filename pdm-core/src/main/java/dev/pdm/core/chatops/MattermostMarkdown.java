package dev.pdm.core.chatops;

import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@link ChatAnswer} as Mattermost markdown (one message text). Text from GitLab or a person has markdown's
 * special characters escaped and channel-wide mentions defused; buttons become the command to type.
 */
public final class MattermostMarkdown {
  /** Mattermost refuses longer posts; answers are cut below it, saying so. */
  public static final int MAX_CHARS = 16_000;
  private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_~\\[\\]()#<>|!])");
  private static final Pattern BROADCAST = Pattern.compile("(?i)@(here|channel|all|everyone)\\b");
  private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s()<>]+");

  private MattermostMarkdown() {
  }

  public static String render(ChatAnswer answer) {
    List<String> blocks = new ArrayList<>();
    blocks.add("#### " + escape(answer.title()));
    for (Part part : answer.parts()) {
      if (part instanceof Part.Lines lines) {
        blocks.add(lines(lines.lines()));
      } else if (part instanceof Part.Verbatim verbatim) {
        blocks.add("```\n" + verbatim.text().replace("```", "ˋˋˋ") + "\n```");
      } else if (part instanceof Part.SmallPrint small) {
        blocks.add("_" + lines(small.lines()) + "_");
      }
    }
    answer.actions().forEach(action -> blocks.add("- " + escape(action.label()) + ": `"
        + action.fallback().replace('`', 'ˋ') + "`"));
    String text = String.join("\n\n", blocks);
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 40) + "\n\n… (cut: the answer is too long)";
  }

  private static String lines(List<Line> lines) {
    return String.join("  \n", lines.stream().map(MattermostMarkdown::line).toList());
  }

  private static String line(Line line) {
    StringBuilder out = new StringBuilder();
    for (Span span : line.spans()) {
      out.append(span(span));
    }
    return out.toString();
  }

  private static String span(Span span) {
    if (span instanceof Span.Bold bold) {
      return "**" + escape(bold.text()) + "**";
    }
    if (span instanceof Span.Code code) {
      return "`" + code.text().replace('`', 'ˋ').replace("\n", " ") + "`";
    }
    if (span instanceof Span.Link link) {
      return WEB_URL.matcher(link.url()).matches() ? "[" + escape(link.label()) + "](" + link.url() + ")"
          : escape(link.label());
    }
    if (span instanceof Span.Mention mention) {
      return "@" + escape(mention.userId());
    }
    return escape(((Span.Text) span).text());
  }

  /** Text that cannot format, link or mention. */
  static String escape(String raw) {
    String defused = BROADCAST.matcher(raw).replaceAll("@\u200B$1");
    return SPECIAL.matcher(defused).replaceAll("\\\\$1").replace("\n", " ");
  }
}
