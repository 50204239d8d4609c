package dev.pdm.server.chatops;

import dev.pdm.core.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The few Slack Web API methods pdm uses, with the bot token, over {@code vertx-web-client}. Slack answers HTTP 200
 * with {@code {"ok": false, "error": "..."}} when it refuses: that is a failed future carrying a {@link SlackError}
 * that names the method and Slack's error code, never the token. Writes are not retried: a lost answer may still
 * have posted the message.
 */
final class SlackWebApi {
  private static final long TIMEOUT_MILLIS = 10_000;
  private final WebClient client;
  private final String apiUrl;
  private final Secret botToken;

  SlackWebApi(WebClient client, String apiUrl, Secret botToken) {
    this.client = client;
    this.apiUrl = apiUrl;
    this.botToken = botToken;
  }

  /** A message as posted: the channel's id and the message's timestamp (its id within the channel). */
  record Posted(String channel, String ts) {
  }

  /** {@code auth.test}: who the token is. */
  Future<JsonObject> authTest() {
    return form("auth.test", MultiMap.caseInsensitiveMultiMap());
  }

  /** {@code chat.postMessage}, in a thread when {@code threadTs} is given. */
  Future<Posted> postMessage(String channel, JsonObject message, Optional<String> threadTs) {
    JsonObject body = message.copy().put("channel", channel).put("unfurl_links", false).put("unfurl_media", false);
    threadTs.ifPresent(ts -> body.put("thread_ts", ts));
    return json("chat.postMessage", body).map(answer -> new Posted(answer.getString("channel", channel),
        answer.getString("ts")));
  }

  /** {@code chat.update} of a message pdm posted. */
  Future<Void> update(String channel, String ts, JsonObject message) {
    return json("chat.update", message.copy().put("channel", channel).put("ts", ts)).mapEmpty();
  }

  /** {@code conversations.open}: the direct message channel with a user. */
  Future<String> openDirectMessage(String userId) {
    return form("conversations.open", MultiMap.caseInsensitiveMultiMap().add("users", userId))
        .map(answer -> answer.getJsonObject("channel", new JsonObject()).getString("id"));
  }

  /** {@code users.lookupByEmail}: the user with that e-mail, or empty when Slack knows none. */
  Future<Optional<String>> userByEmail(String email) {
    return form("users.lookupByEmail", MultiMap.caseInsensitiveMultiMap().add("email", email))
        .map(answer -> Optional.ofNullable(answer.getJsonObject("user", new JsonObject()).getString("id")))
        .recover(err -> err instanceof SlackError e && e.code().equals("users_not_found")
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(err));
  }

  /** {@code views.open}: a modal, for the click that brought {@code triggerId}. */
  Future<Void> openView(String triggerId, JsonObject view) {
    return json("views.open", new JsonObject().put("trigger_id", triggerId).put("view", view)).mapEmpty();
  }

  /** {@code usergroups.users.list}: the members of a user group. */
  Future<List<String>> userGroupMembers(String userGroup) {
    return form("usergroups.users.list", MultiMap.caseInsensitiveMultiMap().add("usergroup", userGroup))
        .map(answer -> answer.getJsonArray("users", new JsonArray()).stream().map(String::valueOf).toList());
  }

  private Future<JsonObject> json(String method, JsonObject body) {
    return answer(method, request(method).putHeader("Content-Type", "application/json; charset=utf-8")
        .sendBuffer(Buffer.buffer(body.encode())));
  }

  private Future<JsonObject> form(String method, MultiMap fields) {
    return answer(method, request(method).sendForm(fields));
  }

  private HttpRequest<Buffer> request(String method) {
    return client.postAbs(apiUrl + "/" + method)
        .putHeader("Authorization", "Bearer " + botToken.reveal())
        .connectTimeout(TIMEOUT_MILLIS)
        .idleTimeout(TIMEOUT_MILLIS);
  }

  private static Future<JsonObject> answer(String method, Future<HttpResponse<Buffer>> sent) {
    return sent.timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(new SlackError(method, "unanswered",
            "no answer (" + err.getClass().getSimpleName() + ")")))
        .compose(response -> {
          if (response.statusCode() == 429) {
            return Future.failedFuture(new SlackError(method, "ratelimited", "rate limited; retry after "
                + response.getHeader("Retry-After") + " s"));
          }
          JsonObject answer;
          try {
            answer = response.bodyAsJsonObject();
          } catch (RuntimeException e) {
            answer = null;
          }
          if (response.statusCode() != 200 || answer == null) {
            return Future.failedFuture(new SlackError(method, "http_" + response.statusCode(),
                "HTTP " + response.statusCode()));
          }
          return answer.getBoolean("ok", false) ? Future.succeededFuture(answer)
              : Future.failedFuture(new SlackError(method, answer.getString("error", "unknown_error"), ""));
        });
  }

  /** Slack refused or did not answer; {@code code} is Slack's error code (e.g. {@code channel_not_found}). */
  static final class SlackError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    SlackError(String method, String code, String detail) {
      super(method + ": " + code + (detail.isEmpty() ? "" : " (" + detail + ")"), null, false, false);
      this.code = code;
    }

    String code() {
      return code;
    }
  }
}
