package dev.pdm.server.chatops;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import com.slack.api.util.json.GsonBlockElementFactory;
import com.slack.api.util.json.GsonContextBlockElementFactory;
import com.slack.api.util.json.GsonLayoutBlockFactory;
import com.slack.api.util.json.GsonTextObjectFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Slack's model types to and from JSON, the way the Slack SDK's own {@code GsonFactory.createSnakeCase()} does it
 * (snake_case names, the model's polymorphic block, element and text adapters), as Vert.x JSON for the HTTP client.
 */
final class SlackJson {
  private static final Gson GSON = new GsonBuilder()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .registerTypeAdapter(LayoutBlock.class, new GsonLayoutBlockFactory(false))
      .registerTypeAdapter(TextObject.class, new GsonTextObjectFactory(false))
      .registerTypeAdapter(ContextBlockElement.class, new GsonContextBlockElementFactory(false))
      .registerTypeAdapter(BlockElement.class, new GsonBlockElementFactory(false))
      .create();

  private SlackJson() {
  }

  static JsonArray blocks(List<LayoutBlock> blocks) {
    return new JsonArray(GSON.toJson(blocks));
  }

  static JsonObject view(View view) {
    return new JsonObject(GSON.toJson(view));
  }

  /** A submitted modal's {@code view.state}. */
  static ViewState viewState(JsonObject state) {
    return GSON.fromJson(state.encode(), ViewState.class);
  }
}
