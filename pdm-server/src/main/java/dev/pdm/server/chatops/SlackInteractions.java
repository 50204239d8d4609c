package dev.pdm.server.chatops;

import dev.pdm.core.chatops.ChatAnswer;
import dev.pdm.core.chatops.ChatCommand;
import dev.pdm.core.chatops.ExecutePreview;
import dev.pdm.core.chatops.RunAnswer;
import dev.pdm.server.api.OperatorRequests;
import dev.pdm.server.chatops.SlashCommands.ChatHttp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/slack/interactions}: button clicks ({@code block_actions}) and submitted modals
 * ({@code view_submission}), trusted like slash commands by Slack's signature. Run starts a run as the clicking user;
 * a decision button opens the reason modal; its submission is the decision. Every click is answered at once and its
 * outcome follows at the click's {@code response_url} (or, for a modal, in a direct message).
 */
final class SlackInteractions implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(SlackInteractions.class);
  private final SignedSlackRequests signed;
  private final ChatUsers users;
  private final ChatRequests requests;
  private final ResponseUrls responses;
  private final Optional<SlackWebApi> api;

  SlackInteractions(SignedSlackRequests signed, ChatUsers users, ChatRequests requests, ResponseUrls responses,
      Optional<SlackWebApi> api) {
    this.signed = signed;
    this.users = users;
    this.requests = requests;
    this.responses = responses;
    this.api = api;
  }

  @Override
  public void handle(RoutingContext ctx) {
    FormRequest.read(ctx, body -> {
      Optional<String> refusal = signed.refusal(ctx, body);
      if (refusal.isPresent()) {
        ChatHttp.refuse(ctx, 401, refusal.get());
        return;
      }
      Map<String, String> fields = FormRequest.fields(body);
      JsonObject payload;
      try {
        payload = new JsonObject(fields.getOrDefault("payload", ""));
      } catch (DecodeException | ClassCastException e) {
        ChatHttp.refuse(ctx, 400, "payload: expected Slack's interaction JSON");
        return;
      }
      JsonObject user = payload.getJsonObject("user", new JsonObject());
      users.identify(user.getString("id", ""), user.getString("username", user.getString("name", "")))
          .onFailure(err -> ChatHttp.refuse(ctx, 500, "could not tell who is asking"))
          .onSuccess(who -> {
            switch (payload.getString("type", "")) {
              case "block_actions" -> click(ctx, payload, who);
              case "view_submission" -> submitted(ctx, payload, who);
              default -> ctx.response().setStatusCode(200).end();
            }
          });
    });
  }

  private void click(RoutingContext ctx, JsonObject payload, ChatIdentity who) {
    ctx.response().setStatusCode(200).end();
    JsonObject action = payload.getJsonArray("actions", new JsonArray()).stream().map(JsonObject.class::cast)
        .findFirst().orElse(new JsonObject());
    String actionId = action.getString("action_id", "");
    String value = action.getString("value", "");
    String responseUrl = payload.getString("response_url", "");
    if (ExecutePreview.DISMISS.equals(actionId)) {
      responses.post(responseUrl, new JsonObject().put("delete_original", true));
      return;
    }
    if (!who.allows(ChatCommand.Access.OPERATE)) {
      LOG.info("slack user {} ({}) refused: button {}", who.userId(), who.userName(), actionId);
      respond(responseUrl, ChatRequests.refused("Not allowed", List.of(who.describe())), false);
      return;
    }
    switch (actionId) {
      case ExecutePreview.RUN -> requests.startRun(who, value)
          .otherwise(err -> ChatRequests.refused("pdm could not start the run", List.of(String.valueOf(
              err.getMessage()))))
          .onSuccess(answer -> respond(responseUrl, answer, true));
      case RunAnswer.RETRY, RunAnswer.MITIGATE, RunAnswer.CANCEL -> openReasonModal(payload, who, actionId, value,
          responseUrl);
      default -> LOG.info("ignored an unknown button {} clicked by {}", actionId, who.actor());
    }
  }

  /** The decision buttons ask for a reason in a modal; without a bot token there is no modal, only the command. */
  private void openReasonModal(JsonObject payload, ChatIdentity who, String actionId, String value,
      String responseUrl) {
    String[] runAndStage = value.split(" ", 2);
    if (runAndStage.length != 2 || api.isEmpty()) {
      respond(responseUrl, ChatRequests.refused("Decide with a command", List.of("type " + switch (actionId) {
        case RunAnswer.RETRY -> "retry <stage> <reason…>";
        case RunAnswer.MITIGATE -> "mitigate <stage> <noop | mark-complete | other> <reason…>";
        default -> "cancel <reason…>";
      })), false);
      return;
    }
    api.get().openView(payload.getString("trigger_id", ""), SlackJson.view(ReasonModal.of(actionId,
            runAndStage[0], runAndStage[1])))
        .onFailure(err -> {
          LOG.warn("could not open the reason modal for {}: {}", who.actor(), err.getMessage());
          respond(responseUrl, ChatRequests.refused("Could not open the form", List.of(err.getMessage())), false);
        });
  }

  private void submitted(RoutingContext ctx, JsonObject payload, ChatIdentity who) {
    Optional<ReasonModal.Submitted> submitted;
    try {
      submitted = ReasonModal.read(payload.getJsonObject("view"));
    } catch (RuntimeException e) {
      submitted = Optional.empty();
    }
    if (submitted.isEmpty()) {
      ctx.response().setStatusCode(200).end();
      return;
    }
    ReasonModal.Submitted decision = submitted.get();
    List<String> problems = OperatorRequests.reasonProblems(decision.reason());
    if (!who.allows(ChatCommand.Access.OPERATE) || !problems.isEmpty()) {
      String error = problems.isEmpty() ? who.describe() : problems.get(0);
      ChatHttp.reply(ctx, new JsonObject().put("response_action", "errors")
          .put("errors", new JsonObject().put(ReasonModal.REASON_BLOCK, error)));
      return;
    }
    ctx.response().setStatusCode(200).end();
    requests.decideFromButton(who, decision.actionId(), decision.runId(), decision.stageId(), decision.reason(),
            decision.kind())
        .otherwise(err -> ChatRequests.refused("pdm could not record it", List.of(String.valueOf(err.getMessage()))))
        .compose(answer -> tell(who, answer))
        .onFailure(err -> LOG.warn("could not tell {} the outcome of their decision: {}", who.actor(),
            err.getMessage()));
  }

  /** A direct message: a submitted modal has no response_url. */
  private Future<Void> tell(ChatIdentity who, ChatAnswer answer) {
    return api.map(slack -> slack.openDirectMessage(who.userId())
            .compose(channel -> slack.postMessage(channel, SlackBlocks.message(answer), Optional.empty()))
            .<Void>mapEmpty())
        .orElse(Future.succeededFuture());
  }

  private void respond(String responseUrl, ChatAnswer answer, boolean replaceOriginal) {
    responses.post(responseUrl, SlackBlocks.message(answer).put("response_type", "ephemeral")
        .put("replace_original", replaceOriginal));
  }
}
