package dev.pdm.server.chatops;

import dev.pdm.core.chatops.ChatAnswer;
import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatCommand;
import dev.pdm.core.chatops.ChatCommandParser;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/slack/commands} and {@code /hooks/mattermost/commands}: a slash command. An untrusted request gets
 * 401 and changes nothing. A trusted one is answered at once (the platforms give 3 s): a problem with the command or
 * the asker's role in full, anything else with an acknowledgement, the full answer following at the request's
 * {@code response_url}.
 */
final class SlashCommands implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(SlashCommands.class);
  private final ChatPlatform platform;
  private final ChatCommandParser parser;
  private final ChatRequests requests;
  private final ResponseUrls responses;

  SlashCommands(ChatPlatform platform, ChatRequests requests, ResponseUrls responses) {
    this.platform = platform;
    this.parser = new ChatCommandParser(platform.command());
    this.requests = requests;
    this.responses = responses;
  }

  @Override
  public void handle(RoutingContext ctx) {
    FormRequest.read(ctx, body -> {
      Map<String, String> fields = FormRequest.fields(body);
      Optional<String> refusal = platform.refusal(ctx, body, fields);
      if (refusal.isPresent()) {
        ChatHttp.refuse(ctx, 401, refusal.get());
        return;
      }
      command(ctx, fields);
    });
  }

  private void command(RoutingContext ctx, Map<String, String> fields) {
    String text = fields.getOrDefault("text", "");
    ChatCommandParser.Parsed parsed = parser.parse(text);
    platform.users().identify(fields.getOrDefault("user_id", ""), fields.getOrDefault("user_name", ""))
        .onFailure(err -> ChatHttp.refuse(ctx, 500, "could not tell who is asking"))
        .onSuccess(who -> {
          if (parsed.problem().isPresent()) {
            ChatHttp.reply(ctx, platform.reply(ChatRequests.refused("pdm did not understand " + platform.command()
                + " " + text, List.of(parsed.problem().get()))));
            return;
          }
          ChatCommand command = parsed.command().orElseThrow();
          if (!who.allows(command.access())) {
            LOG.info("{} user {} ({}) refused: {} {}", platform.name(), who.userId(), who.userName(),
                platform.command(), command.getClass().getSimpleName());
            ChatHttp.reply(ctx, platform.reply(ChatRequests.refused("Not allowed", List.of(who.describe()))));
            return;
          }
          ChatHttp.reply(ctx, platform.reply(ChatAnswer.of("Working on " + platform.command() + " " + text.strip()
              + "…", Line.text("The answer follows here."))));
          String responseUrl = fields.getOrDefault("response_url", "");
          requests.answer(command, who)
              .otherwise(err -> {
                LOG.warn("{} {} for {} failed: {}", platform.command(), command.getClass().getSimpleName(),
                    who.actor(), err.getMessage());
                return ChatRequests.refused("pdm could not answer", List.of(String.valueOf(err.getMessage())));
              })
              .compose(answer -> responses.post(responseUrl, platform.reply(answer)));
        });
  }

  /** How chat endpoints answer over HTTP. */
  static final class ChatHttp {
    private ChatHttp() {
    }

    static void reply(RoutingContext ctx, JsonObject body) {
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body.encode());
      }
    }

    static void refuse(RoutingContext ctx, int status, String message) {
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("message", message).encode());
      }
    }
  }
}
