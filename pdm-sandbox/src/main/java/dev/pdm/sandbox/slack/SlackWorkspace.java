package dev.pdm.sandbox.slack;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated workspace's state and its Web API methods, answering like Slack: HTTP 200 with {@code "ok": true}
 * and the method's fields, or {@code "ok": false} and Slack's error code. Thread-safe: the API runs on the sandbox's
 * context, tests read from theirs.
 */
public final class SlackWorkspace {
  public static final String TEAM_ID = "T0PDMSANDBOX";
  public static final String TEAM_DOMAIN = "pdm-sandbox";
  public static final String APP_ID = "A0PDMSANDBOX";
  public static final String BOT_USER = "U0PDMBOT";
  /** The channel runs are announced in, {@code #releases}. */
  public static final String RELEASES = "C0PDMRELEASES";
  /** A release manager: an operator in sandbox mode. */
  public static final SlackUser RELEASE_MANAGER = new SlackUser("U0PDMRM01", "release-manager", "Rita Release",
      "release-manager@example.com");
  /** Someone pdm knows as a viewer in sandbox mode. */
  public static final SlackUser VIEWER = new SlackUser("U0PDMVIEW1", "viewer", "Victor Viewer", "viewer@example.com");
  /** Someone pdm does not know. */
  public static final SlackUser GUEST = new SlackUser("U0PDMGUEST", "guest", "Gary Guest", "guest@example.com");
  /** The {@code @release-managers} user group: the release manager. */
  public static final String RELEASE_MANAGERS = "S0PDMRMS";
  /** How long a trigger id opens a modal; Slack's is 3 s, the sandbox is lenient for loaded test machines. */
  static final Duration TRIGGER_VALIDITY = Duration.ofSeconds(60);
  private static final int MAX_BLOCKS = 50;
  private static final int MAX_TEXT = 40_000;

  private final String botToken;
  private final Map<String, SlackUser> users = new LinkedHashMap<>();
  private final Map<String, String> channels = new LinkedHashMap<>();
  private final List<SlackMessage> messages = new ArrayList<>();
  private final Map<String, Trigger> triggers = new LinkedHashMap<>();

  private record Trigger(String userId, Instant issuedAt) {
  }
  private final List<JsonObject> views = new ArrayList<>();
  private final Map<String, List<JsonObject>> responses = new LinkedHashMap<>();
  private final AtomicLong counter = new AtomicLong();

  public SlackWorkspace(String botToken) {
    this.botToken = botToken;
    reset(List.of());
  }

  /** Empties the workspace: its members are the sandbox's own three and {@code people}. */
  public synchronized void reset(List<SlackUser> people) {
    users.clear();
    channels.clear();
    messages.clear();
    triggers.clear();
    views.clear();
    responses.clear();
    channels.put(RELEASES, "releases");
    for (SlackUser user : List.of(RELEASE_MANAGER, VIEWER, GUEST)) {
      users.put(user.id(), user);
    }
    people.forEach(user -> users.put(user.id(), user));
  }

  public String botToken() {
    return botToken;
  }

  public synchronized List<SlackUser> users() {
    return List.copyOf(users.values());
  }

  public synchronized Optional<SlackUser> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  /** Removes a member (who then cannot be found or messaged), e.g. someone who left. */
  public synchronized void remove(String userId) {
    users.remove(userId);
  }

  /** Every message posted, oldest first. */
  public synchronized List<SlackMessage> messages() {
    return List.copyOf(messages);
  }

  /** Top-level messages of a channel (not thread replies), oldest first. */
  public synchronized List<SlackMessage> channelMessages(String channel) {
    return messages.stream().filter(m -> m.channel().equals(channel) && m.threadTs().isEmpty()).toList();
  }

  /** The replies in a message's thread, oldest first. */
  public synchronized List<SlackMessage> thread(String channel, String ts) {
    return messages.stream().filter(m -> m.channel().equals(channel) && m.threadTs().filter(ts::equals).isPresent())
        .toList();
  }

  /** The direct messages the bot sent a user. */
  public synchronized List<SlackMessage> directMessages(String userId) {
    return messages.stream().filter(m -> m.channel().equals(directChannel(userId))).toList();
  }

  /** The modals opened, oldest first, each with its {@code id} and the {@code user} whose click opened it. */
  public synchronized List<JsonObject> views() {
    return views.stream().map(JsonObject::copy).toList();
  }

  /** What pdm posted to a response_url, by its id. */
  public synchronized List<JsonObject> responses(String id) {
    return List.copyOf(responses.getOrDefault(id, List.of()));
  }

  /** All response_urls issued, with what was posted to each. */
  public synchronized Map<String, List<JsonObject>> responses() {
    Map<String, List<JsonObject>> copy = new LinkedHashMap<>();
    responses.forEach((id, posted) -> copy.put(id, List.copyOf(posted)));
    return copy;
  }

  /** Issues a response_url id: what is posted there is kept under it. */
  public synchronized String newResponseUrlId() {
    String id = Long.toString(counter.incrementAndGet());
    responses.put(id, new ArrayList<>());
    return id;
  }

  /** Records a post to a response_url; false when no such response_url was issued. */
  synchronized boolean respond(String id, JsonObject body) {
    List<JsonObject> posted = responses.get(id);
    if (posted == null) {
      return false;
    }
    posted.add(body.copy());
    return true;
  }

  synchronized String newTrigger(String userId, Instant now) {
    String trigger = counter.incrementAndGet() + "." + TEAM_ID.toLowerCase(java.util.Locale.ROOT) + "."
        + Long.toHexString(now.toEpochMilli());
    triggers.put(trigger, new Trigger(userId, now));
    return trigger;
  }

  synchronized String channelName(String id) {
    return channels.getOrDefault(id, id.startsWith("D") ? "directmessage" : id);
  }

  // --- the Web API ---------------------------------------------------------------------------------------------

  /** Answers a Web API call as Slack would. */
  synchronized JsonObject call(String method, Optional<String> token, JsonObject args, Instant now) {
    if (token.isEmpty()) {
      return error("not_authed");
    }
    if (!token.get().equals(botToken)) {
      return error("invalid_auth");
    }
    return switch (method) {
      case "auth.test" -> ok().put("url", "https://" + TEAM_DOMAIN + ".slack.com/").put("team", TEAM_DOMAIN)
          .put("user", "pdm").put("team_id", TEAM_ID).put("user_id", BOT_USER).put("bot_id", "B0PDMBOT");
      case "chat.postMessage" -> postMessage(args, now);
      case "chat.update" -> update(args);
      case "conversations.open" -> openConversation(args);
      case "users.lookupByEmail" -> lookupByEmail(args);
      case "views.open" -> openView(args, now);
      case "usergroups.users.list" -> userGroup(args);
      default -> error("unknown_method");
    };
  }

  private JsonObject postMessage(JsonObject args, Instant now) {
    Optional<String> channel = channel(args.getString("channel"));
    if (channel.isEmpty()) {
      return error("channel_not_found");
    }
    Optional<JsonObject> content = content(args);
    if (content.isEmpty()) {
      return error("invalid_blocks");
    }
    if (content.get().getString("text", "").isBlank() && content.get().getJsonArray("blocks").isEmpty()) {
      return error("no_text");
    }
    Optional<String> threadTs = Optional.ofNullable(args.getString("thread_ts")).filter(ts -> !ts.isBlank());
    if (threadTs.isPresent() && find(channel.get(), threadTs.get()).isEmpty()) {
      return error("thread_not_found");
    }
    String ts = now.getEpochSecond() + "." + String.format("%06d", counter.incrementAndGet() % 1_000_000);
    SlackMessage message = new SlackMessage(channel.get(), ts, threadTs, BOT_USER, now, List.of(content.get()));
    messages.add(message);
    return ok().put("channel", channel.get()).put("ts", ts).put("message", content.get().copy().put("ts", ts)
        .put("user", BOT_USER).put("type", "message"));
  }

  private JsonObject update(JsonObject args) {
    String channel = args.getString("channel", "");
    if (!channels.containsKey(channel) && !channel.startsWith("D")) {
      return error("channel_not_found");
    }
    Optional<SlackMessage> message = find(channel, args.getString("ts", ""));
    if (message.isEmpty()) {
      return error("message_not_found");
    }
    if (!message.get().user().equals(BOT_USER)) {
      return error("cant_update_message");
    }
    Optional<JsonObject> content = content(args);
    if (content.isEmpty()) {
      return error("invalid_blocks");
    }
    messages.set(messages.indexOf(message.get()), message.get().updated(content.get()));
    return ok().put("channel", channel).put("ts", message.get().ts()).put("text", content.get().getString("text"));
  }

  private JsonObject openConversation(JsonObject args) {
    String ids = args.getString("users", "");
    if (ids.isBlank()) {
      return error("users_list_not_supplied");
    }
    if (ids.contains(",")) {
      return error("not_implemented");
    }
    if (!users.containsKey(ids)) {
      return error("user_not_found");
    }
    return ok().put("channel", new JsonObject().put("id", directChannel(ids)));
  }

  private JsonObject lookupByEmail(JsonObject args) {
    String email = args.getString("email", "");
    return users.values().stream().filter(u -> u.email().equalsIgnoreCase(email)).findFirst()
        .map(u -> ok().put("user", u.toJson(TEAM_ID))).orElseGet(() -> error("users_not_found"));
  }

  private JsonObject openView(JsonObject args, Instant now) {
    String trigger = args.getString("trigger_id", "");
    Object viewArg = args.getValue("view");
    JsonObject view;
    try {
      view = viewArg instanceof JsonObject o ? o : viewArg instanceof String s ? new JsonObject(s) : null;
    } catch (DecodeException e) {
      view = null;
    }
    if (trigger.isBlank() || view == null) {
      return error("invalid_arguments");
    }
    Trigger issued = triggers.get(trigger);
    if (issued == null) {
      return error("invalid_trigger_id");
    }
    if (Duration.between(issued.issuedAt(), now).compareTo(TRIGGER_VALIDITY) > 0) {
      return error("expired_trigger_id");
    }
    if (!"modal".equals(view.getString("type")) || view.getJsonObject("title") == null
        || view.getJsonArray("blocks") == null) {
      return error("invalid_arguments");
    }
    triggers.remove(trigger);
    JsonObject opened = view.copy().put("id", "V0PDM" + counter.incrementAndGet()).put("team_id", TEAM_ID)
        .put("app_id", APP_ID).put("trigger_id", trigger).put("user", issued.userId());
    views.add(opened);
    return ok().put("view", opened.copy());
  }

  private JsonObject userGroup(JsonObject args) {
    return RELEASE_MANAGERS.equals(args.getString("usergroup"))
        ? ok().put("users", new JsonArray().add(RELEASE_MANAGER.id())) : error("no_such_subteam");
  }

  /** {@code text} and {@code blocks} (a JSON array, or its JSON text as Slack also accepts), within Slack's limits. */
  private static Optional<JsonObject> content(JsonObject args) {
    Object blocks = args.getValue("blocks");
    JsonArray list;
    try {
      list = blocks == null ? new JsonArray() : blocks instanceof JsonArray a ? a
          : blocks instanceof String s ? new JsonArray(s) : null;
    } catch (DecodeException e) {
      list = null;
    }
    if (list == null || list.size() > MAX_BLOCKS || !list.stream().allMatch(b -> b instanceof JsonObject o
        && o.getString("type") != null)) {
      return Optional.empty();
    }
    String text = args.getString("text", "");
    return text.length() > MAX_TEXT ? Optional.empty()
        : Optional.of(new JsonObject().put("text", text).put("blocks", list.copy()));
  }

  private Optional<String> channel(String idOrName) {
    if (idOrName == null || idOrName.isBlank()) {
      return Optional.empty();
    }
    if (channels.containsKey(idOrName) || idOrName.startsWith("D")
        && users.keySet().stream().anyMatch(u -> directChannel(u).equals(idOrName))) {
      return Optional.of(idOrName);
    }
    String name = idOrName.startsWith("#") ? idOrName.substring(1) : idOrName;
    return channels.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
  }

  private Optional<SlackMessage> find(String channel, String ts) {
    return messages.stream().filter(m -> m.channel().equals(channel) && m.ts().equals(ts)).findFirst();
  }

  /** The direct message channel between the bot and a user. */
  public static String directChannel(String userId) {
    return "D" + userId.substring(1);
  }

  private static JsonObject ok() {
    return new JsonObject().put("ok", true);
  }

  private static JsonObject error(String code) {
    return new JsonObject().put("ok", false).put("error", code);
  }
}
