package dev.pdm.server.chatops;

import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.RunAnswer;
import dev.pdm.core.chatops.TriageMessage;
import dev.pdm.core.chatops.TriageMessage.Why;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.notify.ChatMessage;
import dev.pdm.core.notify.StageNames;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.NotificationKind;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.Stage;
import dev.pdm.core.triage.DatabaseApprover;
import dev.pdm.core.triage.TriageReport;
import dev.pdm.server.orchestrator.NotifyExecutor;
import dev.pdm.server.orchestrator.RunAnnouncer;
import dev.pdm.server.orchestrator.RunRecord;
import dev.pdm.server.store.RunChat;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Slack message per run: posted at the first notification ({@code chat.postMessage}), then updated in place
 * ({@code chat.update}) with the run's stages, its failure's triage and the decision buttons; each notification's
 * details go to the message's thread. When a failed migration is triaged, the merge request's author, its approving
 * database maintainer and whoever started the run get the triage by direct message; someone pdm cannot reach is
 * named in the thread instead.
 */
final class SlackRunThreads implements RunAnnouncer {
  private static final Logger LOG = LoggerFactory.getLogger(SlackRunThreads.class);
  private final SlackWebApi api;
  private final String channel;
  private final RunChat runChat;
  private final StageNames names;
  private final String slashCommand;
  private final ChatUsers users;
  private final GitLabClient gitLab;

  SlackRunThreads(SlackWebApi api, String channel, RunChat runChat, StageNames names, String slashCommand,
      ChatUsers users, GitLabClient gitLab) {
    this.api = api;
    this.channel = channel;
    this.runChat = runChat;
    this.names = names;
    this.slashCommand = slashCommand;
    this.users = users;
    this.gitLab = gitLab;
  }

  @Override
  public Future<Optional<JsonObject>> announce(RunRecord record, Command.Notify notify, ChatMessage message,
      String pdmUrl) {
    RunAnswer runs = new RunAnswer(names, slashCommand, id -> NotifyExecutor.runUrl(pdmUrl, id));
    UUID runId = UUID.fromString(record.run().id());
    JsonObject note = new JsonObject().put("platform", "slack");
    JsonObject runMessage = SlackBlocks.message(runs.of(record.run(), ChatRequests.triage(record)));
    return runChat.get(runId)
        .compose(thread -> keepRunMessage(runId, thread, runMessage, note))
        .compose(posted -> api.postMessage(posted.channel(), new JsonObject(message.toSlackJson().toString()),
                Optional.of(posted.ts()))
            .map(reply -> note.put("thread_reply", reply.ts()))
            .otherwise(err -> note.put("thread_reply_error", err.getMessage()))
            .compose(v -> notify.kind() == NotificationKind.TRIAGE_COMPLETED && notify.stageId().isPresent()
                ? tellPeople(runs, record, notify.stageId().get(), posted, note) : Future.succeededFuture()))
        .map(v -> Optional.of(note))
        .otherwise(err -> {
          LOG.warn("run {}: the Slack message could not be kept up to date: {}", runId, err.getMessage());
          return Optional.of(note.put("error", String.valueOf(err.getMessage())));
        });
  }

  private Future<SlackWebApi.Posted> keepRunMessage(UUID runId, RunChat.Thread thread, JsonObject runMessage,
      JsonObject note) {
    if (thread.channel().isPresent() && thread.ts().isPresent()) {
      SlackWebApi.Posted posted = new SlackWebApi.Posted(thread.channel().get(), thread.ts().get());
      return api.update(posted.channel(), posted.ts(), runMessage)
          .map(v -> {
            note.put("channel", posted.channel()).put("ts", posted.ts()).put("message", "updated");
            return posted;
          });
    }
    return api.postMessage(channel, runMessage, Optional.empty())
        .compose(posted -> runChat.messagePosted(runId, posted.channel(), posted.ts()).map(v -> {
          LOG.info("run {}: announced in Slack channel {} (ts {})", runId, posted.channel(), posted.ts());
          note.put("channel", posted.channel()).put("ts", posted.ts()).put("message", "posted");
          return posted;
        }));
  }

  /** Direct messages to the people concerned by a triaged failure; the thread says who was told and who not. */
  private Future<Void> tellPeople(RunAnswer runs, RunRecord record, String stageId, SlackWebApi.Posted thread,
      JsonObject note) {
    Run run = record.run();
    Optional<Stage> stage = run.stage(stageId);
    Optional<TriageReport> report = Optional.ofNullable(record.triage().get(stageId))
        .map(RunRecord.StageTriage::report);
    if (stage.isEmpty() || report.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, List<Why>> gitLabPeople = new LinkedHashMap<>();
    report.get().author().ifPresent(a -> gitLabPeople.computeIfAbsent(a, k -> new ArrayList<>()).add(Why.AUTHOR));
    report.get().approver().map(DatabaseApprover::username)
        .ifPresent(a -> gitLabPeople.computeIfAbsent(a, k -> new ArrayList<>()).add(Why.APPROVER));
    List<Future<Found>> lookups = new ArrayList<>();
    gitLabPeople.forEach((username, why) -> lookups.add(slackUserOf(username).map(user -> new Found("@" + username,
        user.userId(), user.problem(), why))));
    lookups.add(starter(UUID.fromString(run.id()), run.requestedBy()));
    return Future.join(lookups).compose(all -> {
      Map<String, Found> byUser = new LinkedHashMap<>();
      List<Line> lines = new ArrayList<>();
      lookups.stream().filter(Future::succeeded).map(Future::result).forEach(found -> {
        if (found.userId().isEmpty()) {
          lines.add(TriageMessage.notReached(found.who(), found.why(), found.problem().orElse("unknown")));
        } else {
          byUser.merge(found.userId().get(), found, Found::and);
        }
      });
      List<Future<Line>> sent = byUser.values().stream()
          .map(person -> tell(runs, run, stage.get(), report.get(), person)).toList();
      return Future.join(new ArrayList<>(sent)).transform(done -> {
        sent.forEach(s -> lines.add(s.result()));
        note.put("direct_messages", new JsonArray(byUser.keySet().stream().toList()));
        if (lines.isEmpty()) {
          return Future.succeededFuture();
        }
        return api.postMessage(thread.channel(), SlackBlocks.message(TriageMessage.whoWasTold(lines)),
            Optional.of(thread.ts())).<Void>mapEmpty();
      });
    });
  }

  /** A person to tell: who they are, their Slack user (or why not found), and why they are told. */
  private record Found(String who, Optional<String> userId, Optional<String> problem, List<Why> why) {
    Found and(Found other) {
      List<Why> both = new ArrayList<>(why);
      other.why().stream().filter(w -> !both.contains(w)).forEach(both::add);
      return new Found(who.equals(other.who()) ? who : who + ", " + other.who(), userId, problem, both);
    }
  }

  private record SlackUser(Optional<String> userId, Optional<String> problem) {
  }

  private Future<Line> tell(RunAnswer runs, Run run, Stage stage, TriageReport report, Found person) {
    String userId = person.userId().orElseThrow();
    return api.openDirectMessage(userId)
        .compose(dm -> api.postMessage(dm, SlackBlocks.message(TriageMessage.of(runs, run, stage, report,
            person.why())), Optional.empty()))
        .map(posted -> TriageMessage.told(userId, person.who(), person.why()))
        .otherwise(err -> TriageMessage.notReached(person.who(), person.why(), "the direct message failed ("
            + err.getMessage() + ")"));
  }

  /** A GitLab user's Slack user: configured, else the Slack user with their GitLab public e-mail. */
  private Future<SlackUser> slackUserOf(String gitLabUsername) {
    Optional<String> configured = users.byGitLabUsername(gitLabUsername).map(u -> u.userId());
    if (configured.isPresent()) {
      return Future.succeededFuture(new SlackUser(configured, Optional.empty()));
    }
    return gitLab.publicEmail(gitLabUsername).compose(email -> email.isEmpty()
            ? Future.succeededFuture(new SlackUser(Optional.empty(), Optional.of("no public e-mail on GitLab and no "
                + "chat.slack.users entry with this gitlab_username")))
            : api.userByEmail(email.get()).map(id -> new SlackUser(id, id.isPresent() ? Optional.empty()
                : Optional.of("no Slack user has their public GitLab e-mail"))))
        .otherwise(err -> new SlackUser(Optional.empty(), Optional.of("lookup failed (" + err.getMessage() + ")")));
  }

  /** Whoever started the run: the chat user who clicked Run, else the configured user of that pdm name. */
  private Future<Found> starter(UUID runId, String requestedBy) {
    return runChat.get(runId).map(thread -> {
      Optional<String> userId = thread.starterUser().filter(u -> u.startsWith("slack:")).map(u -> u.substring(6))
          .or(() -> users.byName(requestedBy).map(u -> u.userId()));
      return new Found(requestedBy, userId, Optional.of("started the run outside Slack and is not in chat.slack.users"),
          List.of(Why.STARTER));
    });
  }
}
