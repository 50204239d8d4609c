package dev.pdm.sandbox.slack;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The simulated Slack: its Web API at {@value #API}/&lt;method&gt; (bot token as {@code Authorization: Bearer}, JSON
 * or form bodies), the response_urls it issues at {@value #RESPONSES}/&lt;id&gt;, and the test-only controls under
 * {@code /-/sandbox/slack}: send a slash command, click a button, submit a modal, read what was posted.
 */
public final class SlackSandbox {
  /** Where the Web API is served; {@code chat.slack.api_url} points here. */
  public static final String API = "/slack/api";
  /** Where response_urls point. */
  public static final String RESPONSES = "/slack/responses";
  private static final String CONTROL = "/-/sandbox/slack";
  private final SlackWorkspace workspace;
  private final SlackAppRequests app;
  private final Supplier<String> sandboxUrl;

  public SlackSandbox(Vertx vertx, WebClient client, String botToken, Supplier<String> sandboxUrl) {
    this.sandboxUrl = sandboxUrl;
    this.workspace = new SlackWorkspace(botToken);
    this.app = new SlackAppRequests(vertx, client, workspace, sandboxUrl);
  }

  public SlackWorkspace workspace() {
    return workspace;
  }

  /** Sends signed slash commands, clicks and submissions to pdm once {@link SlackAppRequests#connect}ed. */
  public SlackAppRequests app() {
    return app;
  }

  /** A fresh response_url on the sandbox (for requests a test builds itself); what is posted there is kept. */
  public String newResponseUrl() {
    return sandboxUrl.get() + RESPONSES + "/" + workspace.newResponseUrlId();
  }

  /** What was posted to a response_url this sandbox issued. */
  public List<JsonObject> responses(String responseUrl) {
    return workspace.responses(responseUrl.substring(responseUrl.lastIndexOf('/') + 1));
  }

  public void register(Router router) {
    router.post(API + "/:method").handler(this::webApi);
    router.post(RESPONSES + "/:id").handler(ctx -> {
      JsonObject body;
      try {
        body = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        body = null;
      }
      if (body == null) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end("invalid_payload");
      } else if (workspace.respond(ctx.pathParam("id"), body)) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain").end("ok");
      } else {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("expired_url");
      }
    });
    router.get(CONTROL).handler(ctx -> json(ctx, 200, state()));
    router.post(CONTROL + "/command").handler(ctx -> sent(ctx, app.command(spec(ctx))));
    router.post(CONTROL + "/click").handler(ctx -> sent(ctx, app.click(spec(ctx))));
    router.post(CONTROL + "/submit").handler(ctx -> sent(ctx, app.submit(spec(ctx))));
  }

  private void webApi(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    Optional<String> bearer = Optional.ofNullable(authorization).filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(a -> a.substring(7).trim());
    String contentType = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
    JsonObject args;
    if (contentType.startsWith("application/json")) {
      try {
        args = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        json(ctx, 200, new JsonObject().put("ok", false).put("error", "invalid_json"));
        return;
      }
      if (args == null) {
        args = new JsonObject();
      }
    } else {
      args = new JsonObject();
      MultiMap form = ctx.request().formAttributes();
      for (String name : form.names()) {
        args.put(name, form.get(name));
      }
    }
    Optional<String> token = bearer.or(() -> Optional.ofNullable(ctx.request().formAttributes().get("token")));
    json(ctx, 200, workspace.call(ctx.pathParam("method"), token, args, Instant.now()));
  }

  private JsonObject state() {
    return new JsonObject()
        .put("team", new JsonObject().put("id", SlackWorkspace.TEAM_ID).put("domain", SlackWorkspace.TEAM_DOMAIN))
        .put("users", new JsonArray(workspace.users().stream().map(u -> u.toJson(SlackWorkspace.TEAM_ID)).toList()))
        .put("messages", new JsonArray(workspace.messages().stream().map(SlackMessage::toJson).toList()))
        .put("responses", responses())
        .put("views", new JsonArray(workspace.views()));
  }

  private JsonObject responses() {
    JsonObject responses = new JsonObject();
    workspace.responses().forEach((id, posted) -> responses.put(id, new JsonArray(posted)));
    return responses;
  }

  private static JsonObject spec(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  private static void sent(RoutingContext ctx, Future<JsonObject> sending) {
    sending.onSuccess(result -> json(ctx, 200, result))
        .onFailure(err -> json(ctx, 400, new JsonObject().put("message", String.valueOf(err.getMessage()))));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** The workspace's members for GitLab's people: {@code U0GL<GitLab id>}, the same e-mail. */
  public static SlackUser memberFor(long gitLabId, String username, String name, String email) {
    return new SlackUser("U0GL" + gitLabId, username, name, email);
  }

  /** Empties the workspace and seeds it with these people. */
  public void reset(List<SlackUser> people) {
    workspace.reset(people);
  }
}
