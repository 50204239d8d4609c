package dev.pdm.server.chatops;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.pdm.core.chatops.RunAnswer;
import dev.pdm.core.notify.MrkdwnText;
import dev.pdm.core.run.MitigationKind;
import dev.pdm.server.api.OperatorRequests;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The modal a decision button opens: the reason (required, as everywhere in pdm) and, for a mitigation, its kind. The
 * run, stage and decision ride along in {@code private_metadata}; the submission comes back as {@code view_submission}.
 */
final class ReasonModal {
  static final String CALLBACK = "pdm_decision";
  static final String REASON_BLOCK = "reason";
  static final String KIND_BLOCK = "kind";
  private static final String REASON_ACTION = "reason_input";
  private static final String KIND_ACTION = "kind_select";

  private ReasonModal() {
  }

  /** What a submitted modal asks for. */
  record Submitted(String actionId, String runId, String stageId, String reason, Optional<MitigationKind> kind) {
  }

  static View of(String actionId, String runId, String stageId) {
    String what = switch (actionId) {
      case RunAnswer.RETRY -> "Retry " + stageId;
      case RunAnswer.MITIGATE -> "Mitigate " + stageId;
      default -> "Cancel the run";
    };
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(SlackBlocks.mrkdwn(MrkdwnText.escape(switch (actionId) {
      case RunAnswer.RETRY -> "pdm never retries a failed migration by itself. Say why running it again is safe: "
          + "the audit trail keeps it.";
      case RunAnswer.MITIGATE -> "noop and mark-complete let the run go on; other only records what was done.";
      default -> "A pipeline already running is never canceled: the run ends when it ends.";
    })))));
    if (RunAnswer.MITIGATE.equals(actionId)) {
      List<OptionObject> kinds = Arrays.stream(MitigationKind.values())
          .map(k -> option(plainText(k.word()), k.word())).toList();
      blocks.add(input(i -> i.blockId(KIND_BLOCK).label(plainText("Kind"))
          .element(staticSelect(s -> s.actionId(KIND_ACTION).options(kinds)))));
    }
    blocks.add(input(i -> i.blockId(REASON_BLOCK).label(plainText("Reason"))
        .element(plainTextInput(p -> p.actionId(REASON_ACTION).multiline(true)
            .maxLength(OperatorRequests.MAX_REASON)))));
    JsonObject metadata = new JsonObject().put("action", actionId).put("run", runId).put("stage", stageId);
    return view(v -> v.type("modal").callbackId(CALLBACK).title(viewTitle(t -> t.type("plain_text")
            .text(MrkdwnText.plainWithin(what, 24))))
        .submit(viewSubmit(t -> t.type("plain_text").text("Record")))
        .close(viewClose(t -> t.type("plain_text").text("Back")))
        .privateMetadata(metadata.encode()).blocks(blocks));
  }

  /** The decision a {@code view_submission}'s view carries, or empty when it is not pdm's modal. */
  static Optional<Submitted> read(JsonObject view) {
    if (view == null || !CALLBACK.equals(view.getString("callback_id"))) {
      return Optional.empty();
    }
    JsonObject metadata = new JsonObject(view.getString("private_metadata", "{}"));
    ViewState state = SlackJson.viewState(view.getJsonObject("state", new JsonObject()));
    String reason = Optional.ofNullable(state.getValues()).map(v -> v.get(REASON_BLOCK)).map(b -> b.get(REASON_ACTION))
        .map(ViewState.Value::getValue).orElse("");
    Optional<MitigationKind> kind = Optional.ofNullable(state.getValues()).map(v -> v.get(KIND_BLOCK))
        .map(b -> b.get(KIND_ACTION)).map(ViewState.Value::getSelectedOption).map(ViewState.SelectedOption::getValue)
        .flatMap(MitigationKind::ofWord);
    return Optional.of(new Submitted(metadata.getString("action", ""), metadata.getString("run", ""),
        metadata.getString("stage", ""), reason, kind));
  }
}
