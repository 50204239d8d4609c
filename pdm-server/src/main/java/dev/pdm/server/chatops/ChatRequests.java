package dev.pdm.server.chatops;

import dev.pdm.core.chatops.ChatAnswer;
import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Span;
import dev.pdm.core.chatops.ChatCommand;
import dev.pdm.core.chatops.EnvironmentStatus;
import dev.pdm.core.chatops.ExecutePreview;
import dev.pdm.core.chatops.ExecutedAnswer;
import dev.pdm.core.chatops.HelpAnswer;
import dev.pdm.core.chatops.RunAnswer;
import dev.pdm.core.chatops.StatusAnswer;
import dev.pdm.core.checks.ChecksReport;
import dev.pdm.core.incident.IncidentRequest;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.pending.DeployedPackage;
import dev.pdm.core.pending.PendingReport;
import dev.pdm.core.run.MitigationKind;
import dev.pdm.core.run.RunEvent;
import dev.pdm.server.api.ExecutedAnswers;
import dev.pdm.server.api.OperatorRequests;
import dev.pdm.server.api.OverviewCache;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.orchestrator.RunJson;
import dev.pdm.server.orchestrator.RunRecord;
import dev.pdm.server.store.AuditEntry;
import dev.pdm.server.store.CreateOutcome;
import dev.pdm.server.store.RunChat;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Carries out a chat command for a chat user, whatever the platform: reads what the page and the CLI read, and asks
 * for runs and decisions through {@link OperatorRequests}, audited with the chat user. Callers have checked the role.
 */
final class ChatRequests {
  private final OperatorRequests requests;
  private final RunStore store;
  private final RunChat runChat;
  private final OverviewCache overview;
  private final ExecutedAnswers executed;
  private final List<String> planStages;
  private final RunAnswer runs;
  private final String slashCommand;
  private final Supplier<String> pdmUrl;
  private final Supplier<IncidentSettings> incidentSettings;
  private final Clock clock;

  ChatRequests(OperatorRequests requests, RunStore store, RunChat runChat, OverviewCache overview,
      ExecutedAnswers executed, List<String> planStages, RunAnswer runs, String slashCommand,
      Supplier<String> pdmUrl, Supplier<IncidentSettings> incidentSettings, Clock clock) {
    this.requests = requests;
    this.store = store;
    this.runChat = runChat;
    this.overview = overview;
    this.executed = executed;
    this.planStages = List.copyOf(planStages);
    this.runs = runs;
    this.slashCommand = slashCommand;
    this.pdmUrl = pdmUrl;
    this.incidentSettings = incidentSettings;
    this.clock = clock;
  }

  Future<ChatAnswer> answer(ChatCommand command, ChatIdentity who) {
    if (command instanceof ChatCommand.Status) {
      return overview.get(false).compose(view -> activeRun().map(active -> StatusAnswer.of(environments(view),
          active.map(RunRecord::run), runs)));
    }
    if (command instanceof ChatCommand.Execute execute) {
      return execute.confirmed() ? startRun(who, UUID.randomUUID().toString())
          : overview.get(true).compose(view -> activeRun().map(active -> ExecutePreview.of(environments(view),
              planStages, active.map(RunRecord::run), slashCommand, UUID.randomUUID().toString())));
    }
    if (command instanceof ChatCommand.Executed asked) {
      return executed.answer(asked.subject()).map(report -> ExecutedAnswer.of(report, pdmUrl.get()));
    }
    if (command instanceof ChatCommand.ShowRun show) {
      return showRun(show.runId());
    }
    if (command instanceof ChatCommand.Retry retry) {
      return decide(who, "retry", Optional.of(retry.stageId()), retry.reason(),
          requests.retry(retry.stageId(), who.actor(), retry.reason()));
    }
    if (command instanceof ChatCommand.Abandon abandon) {
      return decide(who, "abandon stage", Optional.of(abandon.stageId()), abandon.reason(),
          requests.abandon(abandon.stageId(), who.actor(), abandon.reason()));
    }
    if (command instanceof ChatCommand.Block block) {
      return decide(who, Optional.empty(), block.blocks() ? "incident: blocks deployments"
          : "incident: does not block deployments", Optional.of(block.stageId()), block.reason(),
          (id, audit) -> requests.decideOnIncident(id, new IncidentRequest.DecideBlock(block.stageId(), who.actor(),
              block.blocks(), block.reason(), clock.instant()), List.of(), incidentSettings.get(), audit));
    }
    if (command instanceof ChatCommand.Cancel cancel) {
      return decide(who, "cancel", Optional.empty(), cancel.reason(), requests.cancel(who.actor(), cancel.reason()));
    }
    if (command instanceof ChatCommand.Mitigate mitigate) {
      return mitigate(who, mitigate.stageId(), mitigate.kind(), mitigate.reason());
    }
    return Future.succeededFuture(HelpAnswer.of(slashCommand, who.describe()));
  }

  /**
   * Starts a run as the chat user, after the same checks as the page's Execute, read afresh; {@code idempotencyKey}
   * makes a second click of the same button give the same run.
   */
  Future<ChatAnswer> startRun(ChatIdentity who, String idempotencyKey) {
    return overview.get(true).compose(view -> activeRun().compose(active -> {
      List<String> reasons = ExecutePreview.reasonsNotToRun(environments(view), active.map(RunRecord::run));
      if (!reasons.isEmpty()) {
        return Future.succeededFuture(refused("A run may not start now", reasons));
      }
      return requests.start(who.actor(), Optional.of("chat:" + idempotencyKey)).compose(started -> {
        if (started.rejected().isPresent()) {
          return Future.succeededFuture(refused("The run was refused", List.of(started.rejected().get().reason())));
        }
        CreateOutcome outcome = started.outcome().orElseThrow();
        if (outcome instanceof CreateOutcome.ActiveRunExists exists) {
          return Future.succeededFuture(refused("A run may not start now", List.of("run " + exists.activeRunId()
              + " is active: one run at a time")));
        }
        StoredRun run = outcome instanceof CreateOutcome.Created created ? created.run()
            : ((CreateOutcome.SameRequest) outcome).run();
        Future<Void> recorded = outcome instanceof CreateOutcome.Created
            ? runChat.startedBy(run.id(), who.platform() + ":" + who.userId()) : Future.succeededFuture();
        return recorded.map(v -> ChatAnswer.of("Run " + run.id().toString().substring(0, 8)
                + (outcome instanceof CreateOutcome.Created ? " started" : " was already started by this request"),
            Line.of(new Span.Text("Requested by " + run.requestedBy() + ". Follow it: "),
                new Span.Link(pdmUrl.get() + "/#/runs/" + run.id(), "the run in pdm"),
                new Span.Text(" or " + slashCommand + " run."))));
      });
    })).recover(err -> err instanceof OperatorRequests.GitLabUnavailable
        ? Future.succeededFuture(refused("Could not read GitLab to start a run", List.of(err.getMessage())))
        : Future.failedFuture(err));
  }

  /** A decision on the active run (or {@code runId}, from a button), audited with the chat user. */
  Future<ChatAnswer> decide(ChatIdentity who, Optional<String> runId, String action, Optional<String> stage,
      String reason, RunEvent event) {
    return decide(who, runId, action, stage, reason, (id, audit) -> requests.decide(id, event, audit));
  }

  private Future<ChatAnswer> decide(ChatIdentity who, Optional<String> runId, String action, Optional<String> stage,
      String reason, BiFunction<UUID, AuditEntry, Future<OperatorRequests.Decided>> submit) {
    List<String> problems = OperatorRequests.reasonProblems(reason);
    if (!problems.isEmpty()) {
      return Future.succeededFuture(refused("Nothing was recorded", problems));
    }
    Future<Optional<UUID>> target = runId.isPresent() ? Future.succeededFuture(parseId(runId.get()))
        : activeRun().map(active -> active.map(r -> UUID.fromString(r.run().id())));
    return target.compose(id -> {
      if (id.isEmpty()) {
        return Future.succeededFuture(refused("Nothing was recorded", List.of(runId.map(r -> "no run " + r)
            .orElse("no run is active"))));
      }
      JsonObject detail = new JsonObject().put("via", who.platform()).put("user_id", who.userId())
          .put("user_name", who.userName());
      stage.ifPresent(s -> detail.put("stage", s));
      return submit.apply(id.get(), new AuditEntry(who.actor(), action, Optional.of(reason), detail))
          .map(decided -> decided.rejected().map(r -> refused("Refused", List.of(r.reason())))
              .orElseGet(() -> ChatAnswer.of(words(action) + stage.map(s -> " of " + s).orElse("") + " recorded",
                  Line.text("Run " + id.get().toString().substring(0, 8) + " is now "
                      + decided.run().map(StoredRun::status).orElse("?").replace('_', ' ') + ". Reason: " + reason))));
    }).recover(err -> err instanceof Orchestrator.NoSuchRunException
        ? Future.succeededFuture(refused("Nothing was recorded", List.of(err.getMessage())))
        : Future.failedFuture(err));
  }

  private Future<ChatAnswer> decide(ChatIdentity who, String action, Optional<String> stage, String reason,
      RunEvent event) {
    return decide(who, Optional.empty(), action, stage, reason, event);
  }

  Future<ChatAnswer> mitigate(ChatIdentity who, String stageId, MitigationKind kind, String reason) {
    return decide(who, "mitigation " + kind.word(), Optional.of(stageId), reason,
        requests.mitigation(stageId, who.actor(), kind, reason, Optional.empty()));
  }

  /** The decision events, by the action ids of {@link RunAnswer}'s buttons, for a submitted modal. */
  Future<ChatAnswer> decideFromButton(ChatIdentity who, String actionId, String runId, String stageId, String reason,
      Optional<MitigationKind> kind) {
    return switch (actionId) {
      case RunAnswer.RETRY -> decide(who, Optional.of(runId), "retry", Optional.of(stageId), reason,
          requests.retry(stageId, who.actor(), reason));
      case RunAnswer.MITIGATE -> kind.isEmpty()
          ? Future.succeededFuture(refused("Nothing was recorded", List.of("kind: expected noop, mark-complete or "
              + "other (got nothing)")))
          : decide(who, Optional.of(runId), "mitigation " + kind.get().word(), Optional.of(stageId), reason,
              requests.mitigation(stageId, who.actor(), kind.get(), reason, Optional.empty()));
      default -> decide(who, Optional.of(runId), "cancel", Optional.empty(), reason,
          requests.cancel(who.actor(), reason));
    };
  }

  private Future<ChatAnswer> showRun(Optional<String> runId) {
    Future<Optional<StoredRun>> found = runId.isPresent()
        ? parseId(runId.get()).map(store::get).orElse(Future.succeededFuture(Optional.empty()))
        : store.active().compose(active -> active.isEmpty()
            ? store.list(Optional.empty(), Optional.empty(), 1).map(newest -> newest.stream().findFirst())
            : Future.succeededFuture(active.stream().findFirst()));
    return found.map(run -> run.map(Orchestrator.Loaded::of).map(loaded -> runs.of(loaded.record().run(),
            triage(loaded.record())))
        .orElseGet(() -> refused("No such run", List.of(runId.map(r -> "no run " + r).orElse("pdm has no run yet")))));
  }

  static Map<String, dev.pdm.core.triage.TriageReport> triage(RunRecord record) {
    Map<String, dev.pdm.core.triage.TriageReport> reports = new HashMap<>();
    record.triage().forEach((stage, triage) -> reports.put(stage, triage.report()));
    return reports;
  }

  private Future<Optional<RunRecord>> activeRun() {
    return store.active().map(active -> active.stream().findFirst().map(r -> Orchestrator.Loaded.of(r).record()));
  }

  private static Optional<UUID> parseId(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The overview's environments as the answers' data. */
  static List<EnvironmentStatus> environments(JsonObject view) {
    return view.getJsonArray("environments", new JsonArray()).stream().map(JsonObject.class::cast)
        .map(e -> new EnvironmentStatus(e.getString("name"),
            e.getJsonArray("packages", new JsonArray()).stream().map(JsonObject.class::cast)
                .map(p -> RunJson.fromJson(p, DeployedPackage.class)).toList(),
            Optional.ofNullable(e.getJsonObject("pending")).map(p -> RunJson.fromJson(p, PendingReport.class)),
            Optional.ofNullable(e.getString("pending_error")),
            Optional.ofNullable(e.getJsonObject("checks")).map(c -> RunJson.fromJson(c, ChecksReport.class)),
            Optional.ofNullable(e.getString("checks_error"))))
        .toList();
  }

  static ChatAnswer refused(String title, List<String> reasons) {
    return ChatAnswer.of(title, reasons.stream().map(r -> Line.text(r).bullet()).toArray(Line[]::new));
  }

  private static String words(String action) {
    return action.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + action.substring(1);
  }
}
