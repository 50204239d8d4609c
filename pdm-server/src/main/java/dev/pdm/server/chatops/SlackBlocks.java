package dev.pdm.server.chatops;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.element.BlockElement;
import dev.pdm.core.chatops.ChatAnswer;
import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import dev.pdm.core.notify.ChatBlock;
import dev.pdm.core.notify.MrkdwnText;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@link ChatAnswer} as a Slack message: Block Kit blocks built with Slack's model types (header, sections of
 * mrkdwn, context, buttons) within Slack's limits, and the escaped fallback text notifications show.
 */
final class SlackBlocks {
  /** Slack refuses a message with more blocks. */
  static final int MAX_BLOCKS = 50;
  private static final int MAX_BUTTON_LABEL = 75;
  private static final int MAX_CONFIRM_TEXT = 300;
  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");

  private SlackBlocks() {
  }

  /** {@code {"text", "blocks"}}: the body of chat.postMessage, chat.update and response_url posts. */
  static JsonObject message(ChatAnswer answer) {
    return new JsonObject().put("text", MrkdwnText.escapeWithin(answer.title(), ChatBlock.Header.MAX_HEADER))
        .put("blocks", SlackJson.blocks(blocks(answer)));
  }

  static List<LayoutBlock> blocks(ChatAnswer answer) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(MrkdwnText.plainWithin(answer.title(), ChatBlock.Header.MAX_HEADER)))));
    for (Part part : answer.parts()) {
      if (part instanceof Part.Lines lines && !lines.lines().isEmpty()) {
        blocks.add(section(s -> s.text(mrkdwn(MrkdwnText.fitLines(lines.lines().stream().map(SlackBlocks::line)
            .toList(), ChatBlock.MAX_TEXT)))));
      } else if (part instanceof Part.Verbatim verbatim) {
        blocks.add(section(s -> s.text(mrkdwn(MrkdwnText.codeBlock(verbatim.text(), ChatBlock.MAX_TEXT)))));
      } else if (part instanceof Part.SmallPrint small && !small.lines().isEmpty()) {
        List<ContextBlockElement> elements = small.lines().stream().limit(ChatBlock.Context.MAX_ELEMENTS)
            .map(l -> (ContextBlockElement) mrkdwn(MrkdwnText.fitLines(List.of(line(l)), ChatBlock.MAX_TEXT)))
            .toList();
        blocks.add(context(c -> c.elements(elements)));
      }
    }
    int room = MAX_BLOCKS - (answer.actions().isEmpty() ? 0 : 1);
    if (blocks.size() > room) {
      int cut = blocks.size() - room + 1;
      blocks = new ArrayList<>(blocks.subList(0, room - 1));
      blocks.add(context(c -> c.elements(List.of(mrkdwn(MrkdwnText.ELLIPSIS + " " + cut
          + " more parts not shown: open the run in pdm")))));
    }
    if (!answer.actions().isEmpty()) {
      List<BlockElement> buttons = answer.actions().stream().limit(25).map(SlackBlocks::buttonOf).toList();
      blocks.add(actions(a -> a.blockId("pdm_actions").elements(buttons)));
    }
    return blocks;
  }

  private static BlockElement buttonOf(ChatAnswer.Action action) {
    return button(b -> {
      b.actionId(action.actionId()).value(action.value())
          .text(plainText(MrkdwnText.plainWithin(action.label(), MAX_BUTTON_LABEL)));
      switch (action.style()) {
        case PRIMARY -> b.style("primary");
        case DANGER -> b.style("danger");
        case PLAIN -> b.style(null);
      }
      action.confirm().ifPresent(question -> b.confirm(confirmationDialog(d -> d.title(plainText("Are you sure?"))
          .text(plainText(MrkdwnText.plainWithin(question, MAX_CONFIRM_TEXT))).confirm(plainText(action.label()))
          .deny(plainText("Not now")))));
      return b;
    });
  }

  /**
   * Verbatim mrkdwn: Slack does not turn bare words into mentions or links; only pdm's own {@code <...>} syntax
   * (links, a mention by user id) is interpreted.
   */
  static MarkdownTextObject mrkdwn(String text) {
    return MarkdownTextObject.builder().text(text).verbatim(true).build();
  }

  static String line(Line line) {
    StringBuilder out = new StringBuilder();
    line.spans().forEach(span -> out.append(span(span)));
    return out.toString();
  }

  private static String span(Span span) {
    if (span instanceof Span.Bold bold) {
      return "*" + MrkdwnText.escape(bold.text().replace('*', '∗')) + "*";
    }
    if (span instanceof Span.Code code) {
      return "`" + MrkdwnText.escape(code.text().replace('`', 'ˋ').replace('\n', ' ')) + "`";
    }
    if (span instanceof Span.Link link) {
      return MrkdwnText.link(link.url(), link.label()).orElse(MrkdwnText.escape(link.label()));
    }
    if (span instanceof Span.Mention mention) {
      return USER_ID.matcher(mention.userId()).matches() ? "<@" + mention.userId() + ">"
          : MrkdwnText.escape(mention.userId());
    }
    return MrkdwnText.escape(((Span.Text) span).text());
  }
}
