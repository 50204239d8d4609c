package dev.pdm.server.chatops;

import dev.pdm.core.chatops.RunAnswer;
import dev.pdm.core.chatops.SlackRequestSignature;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.notify.StageNames;
import dev.pdm.server.api.ExecutedAnswers;
import dev.pdm.server.api.OperatorRequests;
import dev.pdm.server.api.OverviewCache;
import dev.pdm.server.orchestrator.NotifyExecutor;
import dev.pdm.server.orchestrator.RunAnnouncer;
import dev.pdm.server.store.RunChat;
import dev.pdm.server.store.RunStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of ChatOps, from configuration: the chat endpoints pdm serves and the announcer that keeps a run's Slack
 * message. Authentication of the endpoints is the platform's: Slack's request signature
 * ({@code chat.slack.signing_secret}) for {@code /hooks/slack/commands} and {@code /hooks/slack/interactions},
 * the slash command's token ({@code chat.mattermost.command_token}) for {@code /hooks/mattermost/commands}; never a
 * pdm API token. Roles come from {@code chat.*.users} and Slack user groups.
 */
public final class ChatOps {
  private static final Logger LOG = LoggerFactory.getLogger(ChatOps.class);

  private ChatOps() {
  }

  /** The pieces of pdm chat requests use; {@code incidentSettings} decide on incident workflows. */
  public record Parts(OperatorRequests requests, RunStore store, OverviewCache overview, ExecutedAnswers executed,
      List<String> planStages, Supplier<IncidentSettings> incidentSettings, Clock clock) {
  }

  /**
   * The announcer of runs through the Slack app (one message per run, thread, direct messages) when
   * {@code chat.slack.bot_token} and {@code chat.slack.channel} are set; else {@link RunAnnouncer#NONE}.
   */
  public static RunAnnouncer announcer(Vertx vertx, PdmConfig config, Pool pool, GitLabClient gitLab, Clock clock) {
    Optional<PdmConfig.Slack> slack = config.chat().slack().filter(PdmConfig.Slack::posts);
    if (slack.isEmpty()) {
      return RunAnnouncer.NONE;
    }
    SlackWebApi api = webApi(vertx, slack.get()).orElseThrow();
    api.authTest()
        .onSuccess(me -> LOG.info("Slack app connected as {} in {}; runs are announced in {}", me.getString("user"),
            me.getString("team"), slack.get().channel().orElseThrow()))
        .onFailure(err -> LOG.warn("the Slack bot token does not work yet: {}", err.getMessage()));
    return new SlackRunThreads(api, slack.get().channel().orElseThrow(), new RunChat(pool),
        StageNames.forEnvironments(config.environments()), slack.get().command(),
        ChatUsers.slack(slack.get(), Optional.of(api), clock), gitLab);
  }

  /**
   * Mounts {@code /hooks/slack/commands} and {@code /hooks/slack/interactions} when {@code chat.slack.signing_secret}
   * is set, and {@code /hooks/mattermost/commands} when {@code chat.mattermost} is configured.
   */
  public static void mount(Router router, Vertx vertx, PdmConfig config, Pool pool, Parts parts,
      Supplier<String> pdmUrl) {
    ResponseUrls responses = new ResponseUrls(WebClient.create(vertx, new WebClientOptions()
        .setFollowRedirects(false).setUserAgent("pdm")));
    StageNames names = StageNames.forEnvironments(config.environments());
    RunChat runChat = new RunChat(pool);
    config.chat().slack().ifPresent(slack -> slack.signingSecret().ifPresent(secret -> {
      Optional<SlackWebApi> api = webApi(vertx, slack);
      ChatUsers users = ChatUsers.slack(slack, api, parts.clock());
      // Slack stamps its requests with the wall clock; the replay window is about real time on the wire, so it is
      // not measured with pdm's (possibly simulated) domain clock.
      SignedSlackRequests signed = new SignedSlackRequests(new SlackRequestSignature(secret), Clock.systemUTC());
      ChatRequests requests = requests(parts, runChat, names, slack.command(), pdmUrl);
      router.post("/hooks/slack/commands").handler(new SlashCommands(ChatPlatform.slack(slack.command(), signed,
          users), requests, responses));
      router.post("/hooks/slack/interactions").handler(new SlackInteractions(signed, users, requests, responses,
          api));
      LOG.info("Slack slash command {} and interactions served at /hooks/slack/commands and /hooks/slack/interactions",
          slack.command());
    }));
    config.chat().mattermost().ifPresent(mattermost -> {
      router.post("/hooks/mattermost/commands").handler(new SlashCommands(ChatPlatform.mattermost(
          mattermost.command(), mattermost.commandToken(), ChatUsers.mattermost(mattermost, parts.clock())),
          requests(parts, runChat, names, mattermost.command(), pdmUrl), responses));
      LOG.info("Mattermost slash command {} served at /hooks/mattermost/commands", mattermost.command());
    });
  }

  private static ChatRequests requests(Parts parts, RunChat runChat, StageNames names, String command,
      Supplier<String> pdmUrl) {
    return new ChatRequests(parts.requests(), parts.store(), runChat, parts.overview(), parts.executed(),
        parts.planStages(), new RunAnswer(names, command, id -> NotifyExecutor.runUrl(pdmUrl.get(), id)), command,
        pdmUrl, parts.incidentSettings(), parts.clock());
  }

  private static Optional<SlackWebApi> webApi(Vertx vertx, PdmConfig.Slack slack) {
    return slack.botToken().map(token -> new SlackWebApi(WebClient.create(vertx, new WebClientOptions()
        .setFollowRedirects(false).setUserAgent("pdm")), slack.apiUrl(), token));
  }
}
