package dev.pdm.server.live;

import dev.pdm.core.auth.Caller;
import dev.pdm.server.api.Authentication;
import dev.pdm.server.api.SameOrigin;
import dev.pdm.server.store.RunStore;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/live} upgraded to a WebSocket, after {@link Authentication}. Refuses cross-site upgrades (an
 * {@code Origin} that is not this server's), then sends {@code hello}, a {@code snapshot} of active runs, and
 * events; {@code ?run=ID&since=N} or a {@code resume} message replays what the client missed. One token holds at most
 * {@code auth.live_sessions_per_token} sessions on a replica: one more is closed at once with {@link #TOO_MANY}.
 */
public final class LiveEndpoint implements Handler<RoutingContext> {
  /**
   * Bumped when a message changes incompatibly; documented in docs/live-protocol.md. 2: events carry what changed
   * ({@code payload.changes}), not the whole run; snapshots carry the job logs' tails.
   */
  public static final int PROTOCOL = 2;
  /** How long a client may read nothing while the server has something to send it before it is dropped. */
  public static final Duration STALL = Duration.ofSeconds(30);
  /** Close code of a session over its token's limit (as HTTP's 429, in the private range of close codes). */
  public static final short TOO_MANY = 4029;
  private static final Logger LOG = LoggerFactory.getLogger(LiveEndpoint.class);
  private static final int MAX_QUEUED_BYTES = 1024 * 1024;
  private final Vertx vertx;
  private final LiveHub hub;
  private final RunStore store;
  private final SnapshotReads snapshots;
  private final SameOrigin sameOrigin;
  private final Supplier<Optional<JsonObject>> overview;
  private final int sessionsPerToken;
  private final Duration stall;

  /**
   * {@code overview} gives the newest overview this replica has read, if any, for the snapshot; one token may hold
   * {@code sessionsPerToken} sessions at once.
   */
  public LiveEndpoint(Vertx vertx, LiveHub hub, RunStore store, Optional<String> publicUrl,
      Supplier<Optional<JsonObject>> overview, int sessionsPerToken) {
    this(vertx, hub, store, publicUrl, overview, sessionsPerToken, STALL);
  }

  /** As above, dropping a client that reads nothing for {@code stall} while there is something to send it. */
  LiveEndpoint(Vertx vertx, LiveHub hub, RunStore store, Optional<String> publicUrl,
      Supplier<Optional<JsonObject>> overview, int sessionsPerToken, Duration stall) {
    this.stall = stall;
    this.vertx = vertx;
    this.hub = hub;
    this.store = store;
    this.snapshots = new SnapshotReads(store);
    this.sameOrigin = new SameOrigin(publicUrl);
    this.overview = overview;
    this.sessionsPerToken = sessionsPerToken;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("Upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
          .end(new JsonObject().put("message", "expected a WebSocket upgrade (see docs/live-protocol.md)").encode());
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && !sameOrigin.test(origin, ctx)) {
      ctx.response().setStatusCode(403).putHeader("content-type", "application/json")
          .end(new JsonObject().put("message", "cross-origin WebSocket refused: Origin " + origin).encode());
      return;
    }
    Optional<Resume> resume;
    try {
      resume = Resume.fromQuery(ctx.request().getParam("run"), ctx.request().getParam("since"));
    } catch (IllegalArgumentException e) {
      ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
          .end(new JsonObject().put("message", e.getMessage()).encode());
      return;
    }
    Caller caller = Authentication.caller(ctx);
    ctx.request().toWebSocket().onSuccess(socket -> open(socket, caller, resume))
        .onFailure(err -> LOG.warn("live upgrade failed: {}", err.getMessage()));
  }

  private void open(ServerWebSocket socket, Caller caller, Optional<Resume> resume) {
    socket.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
    LiveSession session = new LiveSession(vertx.getOrCreateContext(), socket, store, snapshots, caller.name(), stall);
    if (!hub.add(session, sessionsPerToken)) {
      LOG.warn("live session refused: {} already holds {} on this replica", caller.name(), sessionsPerToken);
      socket.close(TOO_MANY, "too many live sessions for this token (at most " + sessionsPerToken + ")");
      return;
    }
    socket.closeHandler(v -> hub.remove(session));
    socket.textMessageHandler(text -> onMessage(session, text));
    session.sendControl(new JsonObject().put("type", "hello").put("protocol", PROTOCOL)
        .put("caller", caller.name()).put("role", caller.role().name().toLowerCase(java.util.Locale.ROOT)));
    session.sendSnapshot(overview.get());
    resume.ifPresent(r -> session.resume(r.runId(), r.since()));
    LOG.info("live session opened for {}", caller.name());
  }

  private void onMessage(LiveSession session, String text) {
    try {
      JsonObject message = new JsonObject(text);
      switch (message.getString("type", "")) {
        case "resume" -> Resume.fromQuery(message.getString("run_id"), String.valueOf(message.getValue("since")))
            .ifPresent(r -> session.resume(r.runId(), r.since()));
        case "ping" -> session.sendControl(new JsonObject().put("type", "pong"));
        default -> session.sendControl(error("type: expected resume or ping (got " + message.getValue("type")
            + ")"));
      }
    } catch (RuntimeException e) {
      session.sendControl(error("message: expected a JSON object with a type (" + e.getMessage() + ")"));
    }
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("type", "error").put("message", message);
  }

  /** Where a client wants to resume from. */
  record Resume(UUID runId, long since) {
    static Optional<Resume> fromQuery(String run, String since) {
      if (run == null || run.isBlank()) {
        return Optional.empty();
      }
      UUID id;
      try {
        id = UUID.fromString(run);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("run: expected a run id (got " + run + ")");
      }
      try {
        long n = since == null || since.equals("null") ? 0 : Long.parseLong(since);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return Optional.of(new Resume(id, n));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("since: expected a sequence number, 0 or more (got " + since + ")");
      }
    }
  }
}
