package dev.pdm.server.orchestrator;

import dev.pdm.core.notify.ChatMessage;
import dev.pdm.core.notify.ChatMessageRenderer;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.NotificationKind;
import dev.pdm.server.notify.ChatDelivery;
import dev.pdm.server.notify.ChatNotifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Notify}: announces in chat (every incoming webhook, and the chat app's one message per run when configured)
 * and records, in the run's event log, what was announced and whether each took it. When nothing took it, it is tried
 * again within its budget, then shown on the run as failed; chat has a lane of its own, so an announcement that cannot
 * be made never holds the run up.
 */
public final class NotifyExecutor implements CommandExecutor<Command.Notify> {
  private final ChatMessageRenderer renderer;
  private final ChatNotifier notifier;
  private final Supplier<String> pdmUrl;
  private final RunAnnouncer announcer;

  /** {@code pdmUrl} is asked at each announcement: the port may be known only once pdm listens. */
  public NotifyExecutor(ChatMessageRenderer renderer, ChatNotifier notifier, Supplier<String> pdmUrl) {
    this(renderer, notifier, pdmUrl, RunAnnouncer.NONE);
  }

  /** As {@link #NotifyExecutor(ChatMessageRenderer, ChatNotifier, Supplier)}, announcing through a chat app too. */
  public NotifyExecutor(ChatMessageRenderer renderer, ChatNotifier notifier, Supplier<String> pdmUrl,
      RunAnnouncer announcer) {
    this.renderer = renderer;
    this.notifier = notifier;
    this.pdmUrl = pdmUrl;
    this.announcer = announcer;
  }

  /** The page of a run in pdm's web UI. */
  public static String runUrl(String pdmUrl, String runId) {
    return pdmUrl + "/#/runs/" + runId;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.Notify notify, Execution execution) {
    Command.Notify command = withPendingMigrations(record, notify);
    String url = pdmUrl.get();
    ChatMessage message = renderer.render(command, record.run(), runUrl(url, record.run().id()));
    Future<List<ChatDelivery>> webhooks = notifier.send(message);
    Future<Optional<JsonObject>> app = announcer.announce(record, command, message, url)
        .otherwise(err -> Optional.of(new JsonObject().put("error", String.valueOf(err.getMessage()))));
    return Future.all(webhooks, app).compose(both -> {
      List<ChatDelivery> deliveries = webhooks.result();
      boolean appTookIt = app.result().filter(announced -> !announced.containsKey("error")).isPresent();
      // Tried again (within its budget) only when nothing took it: a retry must not repeat a delivered message.
      if (!deliveries.isEmpty() && deliveries.stream().noneMatch(ChatDelivery::delivered) && !appTookIt) {
        return Future.failedFuture(new IllegalStateException("no chat webhook took the announcement: " + deliveries.stream()
            .map(d -> d.webhookName() + " " + d.error().orElse("HTTP " + d.status().orElse(0))).toList()));
      }
      JsonObject note = note(command, message, deliveries);
      app.result().ifPresent(announced -> note.put("app", announced));
      return Future.succeededFuture(Outcome.note(note));
    });
  }

  /** The run's announcement lists what will run where, as pdm found it pending when the run started. */
  private static Command.Notify withPendingMigrations(RunRecord record, Command.Notify notify) {
    if (notify.kind() != NotificationKind.RUN_STARTED || !notify.details().isEmpty()) {
      return notify;
    }
    List<String> details = new ArrayList<>();
    record.pending().forEach((environment, report) -> report.migrations().forEach(m -> details.add(environment + ": "
        + m.file().version() + " " + m.file().className()
        + m.mergeRequest().map(mr -> " (!" + mr.iid() + ")").orElse(""))));
    details.sort(null);
    return new Command.Notify(notify.kind(), notify.runId(), notify.stageId(), notify.actor(), details,
        notify.link());
  }

  private static JsonObject note(Command.Notify command, ChatMessage message, List<ChatDelivery> deliveries) {
    JsonArray outcomes = new JsonArray();
    deliveries.forEach(d -> outcomes.add(new JsonObject().put("webhook", d.webhookName())
        .put("delivered", d.delivered()).put("status", d.status().orElse(null)).put("error", d.error().orElse(null))));
    return new JsonObject().put("type", "Notification")
        .put("kind", command.kind().name())
        .put("stage_id", command.stageId().orElse(null))
        .put("actor", command.actor().orElse(null))
        .put("details", new JsonArray(command.details()))
        .put("link", command.link().orElse(null))
        .put("text", message.text())
        .put("deliveries", outcomes);
  }
}
