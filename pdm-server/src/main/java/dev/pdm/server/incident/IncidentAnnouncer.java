package dev.pdm.server.incident;

import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.notify.ChatBlock;
import dev.pdm.core.notify.ChatMessage;
import dev.pdm.core.notify.MrkdwnText;
import dev.pdm.server.notify.ChatDelivery;
import dev.pdm.server.notify.ChatNotifier;
import dev.pdm.server.orchestrator.CommandExecutor;
import dev.pdm.server.orchestrator.Execution;
import dev.pdm.server.orchestrator.NotifyExecutor;
import dev.pdm.server.orchestrator.Outcome;
import dev.pdm.server.orchestrator.RunRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code AnnounceIncidentStep}: a step of the incident workflow in chat (deployments blocked, the plan, ready to
 * re-run, a hand-over, the incident resolved). Everything in it from people or GitLab is escaped; like the run's own
 * announcements it runs in the chat lane and is tried again only when no webhook took it.
 */
public final class IncidentAnnouncer implements CommandExecutor<IncidentCommand.AnnounceIncidentStep> {
  private static final int MAX_LINE = 500;
  private final ChatNotifier notifier;
  private final Supplier<String> pdmUrl;

  public IncidentAnnouncer(ChatNotifier notifier, Supplier<String> pdmUrl) {
    this.notifier = notifier;
    this.pdmUrl = pdmUrl;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, IncidentCommand.AnnounceIncidentStep command, Execution execution) {
    ChatMessage message = message(command, NotifyExecutor.runUrl(pdmUrl.get(), record.run().id()));
    return notifier.send(message).compose(deliveries -> deliveries.isEmpty()
        || deliveries.stream().anyMatch(ChatDelivery::delivered)
        ? Future.succeededFuture(Outcome.note(note(command, message, deliveries)))
        : Future.failedFuture(new IllegalStateException("no chat webhook took the announcement")));
  }

  static ChatMessage message(IncidentCommand.AnnounceIncidentStep command, String runUrl) {
    List<String> lines = command.lines().stream().map(line -> MrkdwnText.escapeWithin(line, MAX_LINE)).toList();
    List<String> context = new ArrayList<>();
    MrkdwnText.link(runUrl, "pdm run").ifPresent(context::add);
    command.link().flatMap(url -> MrkdwnText.link(url, "GitLab")).ifPresent(context::add);
    String title = MrkdwnText.plainWithin(command.title(), ChatBlock.Header.MAX_HEADER);
    List<ChatBlock> blocks = new ArrayList<>(List.of(new ChatBlock.Header(title),
        new ChatBlock.Section(MrkdwnText.fitLines(lines, ChatBlock.MAX_TEXT))));
    if (!context.isEmpty()) {
      blocks.add(new ChatBlock.Context(context));
    }
    return new ChatMessage(MrkdwnText.escapeWithin(command.title(), 200) + ": " + String.join(" ", lines.subList(0,
        Math.min(1, lines.size()))), blocks);
  }

  private static JsonObject note(IncidentCommand.AnnounceIncidentStep command, ChatMessage message,
      List<ChatDelivery> deliveries) {
    JsonArray outcomes = new JsonArray();
    deliveries.forEach(d -> outcomes.add(new JsonObject().put("webhook", d.webhookName())
        .put("delivered", d.delivered()).put("status", d.status().orElse(null)).put("error", d.error().orElse(null))));
    return new JsonObject().put("type", "Notification").put("kind", "INCIDENT_STEP")
        .put("stage_id", command.stageId()).put("details", new JsonArray(List.of(command.title())))
        .put("link", command.link().orElse(null)).put("text", message.text()).put("deliveries", outcomes);
  }
}
