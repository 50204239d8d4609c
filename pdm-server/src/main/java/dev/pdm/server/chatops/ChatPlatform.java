package dev.pdm.server.chatops;

import dev.pdm.core.chatops.ChatAnswer;
import dev.pdm.core.chatops.MattermostMarkdown;
import dev.pdm.core.config.Secret;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;

/** What differs between Slack's and Mattermost's slash commands: how a request is trusted, how answers look. */
interface ChatPlatform {

  /** {@code slack} or {@code mattermost}. */
  String name();

  /** The slash command, for help texts. */
  String command();

  /** Why the request is not trusted; empty when it is. */
  Optional<String> refusal(RoutingContext ctx, Buffer body, Map<String, String> fields);

  /** Who is who, and with which role. */
  ChatUsers users();

  /** An ephemeral answer: the immediate reply and what is posted to {@code response_url}. */
  JsonObject reply(ChatAnswer answer);

  /** Slack: signed requests, Block Kit answers. */
  static ChatPlatform slack(String command, SignedSlackRequests signed, ChatUsers users) {
    return new ChatPlatform() {
      @Override
      public String name() {
        return "slack";
      }

      @Override
      public String command() {
        return command;
      }

      @Override
      public Optional<String> refusal(RoutingContext ctx, Buffer body, Map<String, String> fields) {
        return signed.refusal(ctx, body);
      }

      @Override
      public ChatUsers users() {
        return users;
      }

      @Override
      public JsonObject reply(ChatAnswer answer) {
        return SlackBlocks.message(answer).put("response_type", "ephemeral");
      }
    };
  }

  /** Mattermost: requests carrying the slash command's token, markdown answers. */
  static ChatPlatform mattermost(String command, Secret token, ChatUsers users) {
    return new ChatPlatform() {
      @Override
      public String name() {
        return "mattermost";
      }

      @Override
      public String command() {
        return command;
      }

      @Override
      public Optional<String> refusal(RoutingContext ctx, Buffer body, Map<String, String> fields) {
        return token.matches(fields.get("token")) ? Optional.empty()
            : Optional.of("the token is not the slash command's (chat.mattermost.command_token)");
      }

      @Override
      public ChatUsers users() {
        return users;
      }

      @Override
      public JsonObject reply(ChatAnswer answer) {
        return new JsonObject().put("response_type", "ephemeral").put("text", MattermostMarkdown.render(answer));
      }
    };
  }
}
