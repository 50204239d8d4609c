package dev.pdm.sandbox.slack;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What Slack sends an app, sent to pdm: slash commands (form fields as in Slack's documented example), button clicks
 * ({@code block_actions}) on buttons pdm actually showed, and modal submissions ({@code view_submission}), each signed
 * as Slack signs ({@code v0=} HMAC-SHA256 of {@code v0:timestamp:body}), each with its own response_url on the
 * sandbox. A request can be sent with another signing secret (a forgery) or an old timestamp (a replay).
 */
public final class SlackAppRequests {
  private static final String VERIFICATION_TOKEN = "sandboxverificationtoken0";
  private static final long WAIT_STEP_MILLIS = 50;
  private final Vertx vertx;
  private final WebClient client;
  private final SlackWorkspace workspace;
  private final Supplier<String> sandboxUrl;
  private final Map<String, String> responseChannels = new LinkedHashMap<>();
  private volatile Optional<Target> target = Optional.empty();

  private record Target(String commandsUrl, String interactionsUrl, String signingSecret) {
  }

  SlackAppRequests(Vertx vertx, WebClient client, SlackWorkspace workspace, Supplier<String> sandboxUrl) {
    this.vertx = vertx;
    this.client = client;
    this.workspace = workspace;
    this.sandboxUrl = sandboxUrl;
  }

  /** Where the app's slash command and interactivity URLs point, and its signing secret. */
  public void connect(String commandsUrl, String interactionsUrl, String signingSecret) {
    target = Optional.of(new Target(commandsUrl, interactionsUrl, signingSecret));
  }

  /**
   * Sends {@code /pdm <text>}. Fields of {@code spec}: {@code user} (id), {@code text}, and optionally
   * {@code command}, {@code channel}, {@code timestamp} (epoch seconds), {@code signing_secret},
   * {@code wait_seconds} (how long to wait for pdm's answer at the response_url; default 10).
   */
  public Future<JsonObject> command(JsonObject spec) {
    Optional<SlackUser> user = workspace.user(spec.getString("user", ""));
    if (user.isEmpty()) {
      return Future.failedFuture("user: expected a member of the workspace " + memberIds() + " (got "
          + spec.getString("user") + ")");
    }
    String channel = spec.getString("channel", SlackWorkspace.RELEASES);
    String responseId = workspace.newResponseUrlId();
    responseChannels.put(responseId, channel);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", VERIFICATION_TOKEN);
    form.put("team_id", SlackWorkspace.TEAM_ID);
    form.put("team_domain", SlackWorkspace.TEAM_DOMAIN);
    form.put("channel_id", channel);
    form.put("channel_name", workspace.channelName(channel));
    form.put("user_id", user.get().id());
    form.put("user_name", user.get().name());
    form.put("command", spec.getString("command", "/pdm"));
    form.put("text", spec.getString("text", ""));
    form.put("api_app_id", SlackWorkspace.APP_ID);
    form.put("is_enterprise_install", "false");
    form.put("response_url", responseUrl(responseId));
    form.put("trigger_id", workspace.newTrigger(user.get().id(), Instant.now()));
    return send(Target::commandsUrl, encode(form), spec)
        .compose(sent -> awaitAnswer(sent.put("response_url_id", responseId), responseId, Optional.empty(), spec));
  }

  /**
   * Clicks a button pdm showed. Fields of {@code spec}: {@code user}, {@code action_id}, optionally {@code message}
   * (a message ts, or {@code response:<id>} for an answer at a response_url; default: the newest showing that
   * button), {@code timestamp}, {@code signing_secret}, {@code wait_seconds}.
   */
  public Future<JsonObject> click(JsonObject spec) {
    Optional<SlackUser> user = workspace.user(spec.getString("user", ""));
    if (user.isEmpty()) {
      return Future.failedFuture("user: expected a member of the workspace " + memberIds() + " (got "
          + spec.getString("user") + ")");
    }
    String actionId = spec.getString("action_id", "");
    Optional<Shown> shown = findButton(actionId, Optional.ofNullable(spec.getString("message")));
    if (shown.isEmpty()) {
      return Future.failedFuture("action_id: no message shows a button " + actionId
          + (spec.getString("message") == null ? "" : " in message " + spec.getString("message")));
    }
    String responseId = workspace.newResponseUrlId();
    responseChannels.put(responseId, shown.get().channel());
    String trigger = workspace.newTrigger(user.get().id(), Instant.now());
    JsonObject button = shown.get().button();
    JsonObject payload = new JsonObject().put("type", "block_actions")
        .put("team", new JsonObject().put("id", SlackWorkspace.TEAM_ID).put("domain", SlackWorkspace.TEAM_DOMAIN))
        .put("user", userJson(user.get()))
        .put("api_app_id", SlackWorkspace.APP_ID).put("token", VERIFICATION_TOKEN)
        .put("container", new JsonObject().put("type", "message").put("message_ts", shown.get().ts())
            .put("channel_id", shown.get().channel()).put("is_ephemeral", shown.get().ephemeral()))
        .put("trigger_id", trigger)
        .put("channel", new JsonObject().put("id", shown.get().channel())
            .put("name", workspace.channelName(shown.get().channel())))
        .put("message", shown.get().message().copy().put("type", "message").put("ts", shown.get().ts()))
        .put("response_url", responseUrl(responseId))
        .put("actions", new JsonArray().add(new JsonObject().put("action_id", actionId)
            .put("block_id", shown.get().blockId()).put("text", button.getJsonObject("text"))
            .put("value", button.getString("value")).put("type", "button")
            .put("action_ts", Instant.now().getEpochSecond() + ".000000")));
    return send(Target::interactionsUrl, "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8),
        spec)
        .compose(sent -> awaitAnswer(sent.put("response_url_id", responseId), responseId, Optional.of(trigger),
            spec));
  }

  /**
   * Submits a modal pdm opened. Fields of {@code spec}: {@code user}, {@code view} (its id; default the newest
   * opened by that user's click), {@code values} (input block id → the text typed or the option chosen).
   */
  public Future<JsonObject> submit(JsonObject spec) {
    Optional<SlackUser> user = workspace.user(spec.getString("user", ""));
    List<JsonObject> views = workspace.views();
    Optional<JsonObject> view = spec.getString("view") != null
        ? views.stream().filter(v -> spec.getString("view").equals(v.getString("id"))).findFirst()
        : user.flatMap(u -> views.stream().filter(v -> u.id().equals(v.getString("user"))).reduce((a, b) -> b));
    if (user.isEmpty() || view.isEmpty()) {
      return Future.failedFuture("user and view: expected a member who has a modal open (got user "
          + spec.getString("user") + ", view " + spec.getString("view") + ")");
    }
    JsonObject values = spec.getJsonObject("values", new JsonObject());
    JsonObject state = new JsonObject();
    view.get().getJsonArray("blocks", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(b -> "input".equals(b.getString("type"))).forEach(block -> {
          JsonObject element = block.getJsonObject("element", new JsonObject());
          String typed = values.getString(block.getString("block_id"), "");
          JsonObject value = new JsonObject().put("type", element.getString("type"));
          if ("static_select".equals(element.getString("type"))) {
            element.getJsonArray("options", new JsonArray()).stream().map(JsonObject.class::cast)
                .filter(o -> typed.equals(o.getString("value"))).findFirst()
                .ifPresent(o -> value.put("selected_option", o.copy()));
          } else {
            value.put("value", typed);
          }
          state.put(block.getString("block_id"), new JsonObject().put(element.getString("action_id"), value));
        });
    JsonObject submitted = view.get().copy().put("state", new JsonObject().put("values", state));
    submitted.remove("user");
    submitted.remove("trigger_id");
    JsonObject payload = new JsonObject().put("type", "view_submission")
        .put("team", new JsonObject().put("id", SlackWorkspace.TEAM_ID).put("domain", SlackWorkspace.TEAM_DOMAIN))
        .put("user", userJson(user.get())).put("api_app_id", SlackWorkspace.APP_ID).put("token", VERIFICATION_TOKEN)
        .put("trigger_id", workspace.newTrigger(user.get().id(), Instant.now())).put("view", submitted)
        .put("response_urls", new JsonArray());
    return send(Target::interactionsUrl, "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8),
        spec);
  }

  private record Shown(String channel, String ts, boolean ephemeral, JsonObject message, String blockId,
      JsonObject button) {
  }

  /** The newest message or response showing a button with that action id (or the one named). */
  private Optional<Shown> findButton(String actionId, Optional<String> named) {
    List<Shown> candidates = new ArrayList<>();
    workspace.responses().forEach((id, posted) -> {
      if (named.isEmpty() || named.get().equals("response:" + id)) {
        posted.forEach(body -> button(body, actionId).ifPresent(found -> candidates.add(new Shown(
            responseChannels.getOrDefault(id, SlackWorkspace.RELEASES), "response-" + id, true, body,
            found.getString("block_id"), found.getJsonObject("button")))));
      }
    });
    workspace.messages().forEach(m -> {
      if (named.isEmpty() || named.get().equals(m.ts())) {
        button(m.current(), actionId).ifPresent(found -> candidates.add(new Shown(m.channel(), m.ts(), false,
            m.current(), found.getString("block_id"), found.getJsonObject("button"))));
      }
    });
    return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(candidates.size() - 1));
  }

  private static Optional<JsonObject> button(JsonObject message, String actionId) {
    return message.getJsonArray("blocks", new JsonArray()).stream().filter(JsonObject.class::isInstance)
        .map(JsonObject.class::cast).filter(b -> "actions".equals(b.getString("type")))
        .flatMap(b -> b.getJsonArray("elements", new JsonArray()).stream().map(JsonObject.class::cast)
            .filter(e -> actionId.equals(e.getString("action_id")))
            .map(e -> new JsonObject().put("block_id", b.getString("block_id", "actions")).put("button", e)))
        .findFirst();
  }

  private Future<JsonObject> send(java.util.function.Function<Target, String> url, String body, JsonObject spec) {
    if (target.isEmpty()) {
      return Future.failedFuture("the Slack app is not connected to pdm");
    }
    String timestamp = Long.toString(spec.getLong("timestamp", Instant.now().getEpochSecond()));
    String secret = spec.getString("signing_secret", target.get().signingSecret());
    return client.postAbs(url.apply(target.get()))
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .putHeader("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
        .putHeader("X-Slack-Request-Timestamp", timestamp)
        .putHeader("X-Slack-Signature", sign(secret, timestamp, body))
        .sendBuffer(Buffer.buffer(body))
        .map(SlackAppRequests::answered);
  }

  private static JsonObject answered(HttpResponse<Buffer> response) {
    String text = response.bodyAsString();
    Object body;
    try {
      body = text == null || text.isBlank() ? null : new JsonObject(text);
    } catch (RuntimeException e) {
      body = text;
    }
    return new JsonObject().put("status", response.statusCode()).put("body", body);
  }

  /** Waits (without blocking) until pdm posted to the response_url or opened a modal for the trigger. */
  private Future<JsonObject> awaitAnswer(JsonObject sent, String responseId, Optional<String> trigger,
      JsonObject spec) {
    long deadline = System.nanoTime() + (long) (spec.getDouble("wait_seconds", 10.0) * 1e9);
    if (sent.getInteger("status") != 200) {
      return Future.succeededFuture(sent.put("responses", new JsonArray()));
    }
    return poll(sent, responseId, trigger, deadline);
  }

  private Future<JsonObject> poll(JsonObject sent, String responseId, Optional<String> trigger, long deadline) {
    List<JsonObject> responses = workspace.responses(responseId);
    Optional<JsonObject> view = trigger.flatMap(t -> workspace.views().stream()
        .filter(v -> t.equals(v.getString("trigger_id"))).findFirst());
    if (!responses.isEmpty() || view.isPresent() || System.nanoTime() > deadline) {
      view.ifPresent(v -> sent.put("view", v));
      return Future.succeededFuture(sent.put("responses", new JsonArray(responses)));
    }
    return vertx.timer(WAIT_STEP_MILLIS).compose(t -> poll(sent, responseId, trigger, deadline));
  }

  private String responseUrl(String id) {
    return sandboxUrl.get() + SlackSandbox.RESPONSES + "/" + id;
  }

  private List<String> memberIds() {
    return workspace.users().stream().map(SlackUser::id).toList();
  }

  private static JsonObject userJson(SlackUser user) {
    return new JsonObject().put("id", user.id()).put("username", user.name()).put("name", user.name())
        .put("team_id", SlackWorkspace.TEAM_ID);
  }

  private static String encode(Map<String, String> form) {
    List<String> pairs = new ArrayList<>();
    form.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  /** Slack's request signature. */
  static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body)
          .getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
