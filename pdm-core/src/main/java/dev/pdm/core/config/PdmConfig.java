package dev.pdm.core.config;

import dev.pdm.core.run.EnvironmentTier;
import dev.pdm.core.schedule.CronExpression;
import dev.pdm.core.schedule.DenyWindow;
import dev.pdm.core.schedule.DenyWindows;
import java.time.ZoneId;
import dev.pdm.core.run.StageSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of pdm's configuration, validated. Built by {@link ConfigLoader}; every key is documented in
 * {@code docs/configuration.md}.
 */
public record PdmConfig(
    Server server,
    Database database,
    Optional<GitLab> gitlab,
    Projects projects,
    List<Environment> environments,
    List<PlanStage> plan,
    Checks checks,
    Triage triage,
    ReleaseIssue releaseIssue,
    Chat chat,
    Auth auth,
    Polling polling,
    JobLog jobLog,
    Orchestration orchestrator,
    Schedule schedule,
    Budgets budgets,
    Risk risk,
    Metrics metrics,
    Logging logging,
    ReleaseManagers releaseManagers) {

  /** The plan as the run state machine sees it, each stage with its environment's tier. */
  public List<StageSpec> stageSpecs() {
    return stageSpecs(plan, environments);
  }

  static List<StageSpec> stageSpecs(List<PlanStage> plan, List<Environment> environments) {
    return plan.stream().map(stage -> {
      EnvironmentTier tier = environments.stream().filter(e -> e.name().equals(stage.environment())).findFirst()
          .map(e -> e.tier() == Tier.PRODUCTION ? EnvironmentTier.PRODUCTION : EnvironmentTier.STAGING)
          .orElse(EnvironmentTier.PRODUCTION);
      return stage.kind() == StageKind.MIGRATE ? StageSpec.migrate(stage.environment(), tier)
          : StageSpec.qa(stage.environment(), tier);
    }).toList();
  }

  /**
   * Where pdm listens and where it keeps its data.
   *
   * @param idleTimeoutSeconds     a connection with no traffic for this long is closed
   * @param requestTimeoutSeconds  a request not answered within this long gets 503
   * @param trustForwardedHeaders  whether {@code X-Forwarded-For}/{@code Forwarded} name the client (behind a proxy)
   */
  public record Server(String host, int port, Optional<String> publicUrl, String dataDir, int idleTimeoutSeconds,
      int requestTimeoutSeconds, boolean trustForwardedHeaders) {

    /** Whether people reach pdm over TLS (cookies are then {@code Secure} and HSTS is sent). */
    public boolean https() {
      return publicUrl.map(url -> url.startsWith("https://")).orElse(false);
    }
  }

  /** pdm's own PostgreSQL; without a URL an embedded PostgreSQL is started under the data directory. */
  public record Database(Optional<Secret> url, int poolSize) {
  }

  /** The GitLab instance pdm drives. */
  public record GitLab(String url, Secret token, Optional<Secret> webhookSecret, int requestTimeoutSeconds,
      int maxReadRetries) {
  }

  /** The GitLab projects pdm reads and writes, by full path. */
  public record Projects(String canonical, String security, String deployer, String qa, String production,
      String releaseTasks) {
  }

  /**
   * An application environment whose post-deploy migrations pdm runs.
   *
   * @param name               pdm's name for it, e.g. {@code gstg}
   * @param gitlabEnvironment  the GitLab environment whose deployments say which package runs there
   * @param dbEnvironment      the GitLab environment pdm records migrated SHAs on, e.g. {@code db/gstg}
   * @param workflowLabel      the suffix of {@code workflow::post-deploy-db-<label>}, e.g. {@code staging}
   * @param migrationJob       the job of the migration pipeline to follow, e.g. {@code gstg-postdeploy-migrations}
   * @param baselineSha        where pending migrations start when {@code dbEnvironment} has no deployment yet
   * @param tier               staging or production: production is migrated only after a staging migration and QA
   */
  public record Environment(String name, String gitlabEnvironment, String dbEnvironment, String workflowLabel,
      String migrationJob, Optional<String> baselineSha, Tier tier) {
  }

  /** Whether an environment is a rehearsal or the real thing. */
  public enum Tier { STAGING, PRODUCTION }

  /** The kinds of stage a run is made of. */
  public enum StageKind { MIGRATE, QA }

  /**
   * One stage of the plan: which pipeline to trigger for which environment, and after how long a still-running
   * pipeline is announced as slow (never failed: a migration may legitimately take long).
   */
  public record PlanStage(StageKind kind, String environment, String project, String ref,
      Map<String, String> variables, int timeoutSeconds) {

    /** A stable identifier, e.g. {@code migrate-gstg}. */
    public String id() {
      return kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + environment;
    }
  }

  /** Labels that make production checks fail. */
  public record Checks(List<String> incidentLabels, List<String> changeRequestLabels) {
  }

  /**
   * How a failed migration is triaged, and how its incident is labelled as the runbook goes on.
   *
   * @param confidentialIncident   whether the incident pdm opens is visible to project members only
   * @param maxLogBytes            the most of a job log pdm reads or accepts for triage (its end is kept)
   * @param deploymentBlockerLabel the label a "blocks deployments" decision adds to the incident (one of
   *                               {@code checks.incident_labels}, so that it blocks runs)
   * @param resolvedLabel          the label that, like closing it, says the incident is resolved
   */
  public record Triage(String databaseMaintainersGroup, String approvedLabel, boolean createIncident,
      List<String> incidentLabels, boolean confidentialIncident, long maxLogBytes, String deploymentBlockerLabel,
      String resolvedLabel) {
  }

  /**
   * Who is pinged when an incident is resolved and may be handed the incident workflow over: GitLab usernames, and
   * the members of a GitLab group if one is given.
   */
  public record ReleaseManagers(List<String> usernames, Optional<String> group) {
  }

  /** How pdm finds the monthly release issue it comments on. */
  public record ReleaseIssue(String project, String label, Optional<Integer> iid) {
  }

  /**
   * Chat: Slack-compatible incoming webhooks pdm announces runs to, and ChatOps (slash commands, buttons, one message
   * per run) through a Slack app or Mattermost slash commands.
   */
  public record Chat(List<ChatWebhook> webhooks, Optional<Slack> slack, Optional<Mattermost> mattermost) {

    /** Only incoming webhooks, no ChatOps. */
    public Chat(List<ChatWebhook> webhooks) {
      this(webhooks, Optional.empty(), Optional.empty());
    }
  }

  /**
   * A Slack app: its signing secret lets pdm trust slash commands and button clicks; its bot token and channel make
   * pdm post one message per run, updated in place, and direct messages when a migration fails.
   *
   * @param signingSecret verifies {@code /hooks/slack/*} requests; without it those endpoints are not served
   * @param botToken      the app's {@code xoxb-} token for the Web API
   * @param channel       where runs are announced (a channel id such as {@code C0123ABCD})
   * @param apiUrl        the Web API's base URL, {@code https://slack.com/api}
   * @param command       the slash command, as shown in help texts
   * @param users         who is who, and with which role
   * @param userGroups    a Slack user group id per role: its members have that role
   * @param unknownUsers  what anyone else may do
   */
  public record Slack(Optional<Secret> signingSecret, Optional<Secret> botToken, Optional<String> channel,
      String apiUrl, String command, List<ChatUser> users, Map<Role, String> userGroups, UnknownUsers unknownUsers) {

    /** Whether pdm posts through the Web API (one message per run, direct messages) instead of webhooks only. */
    public boolean posts() {
      return botToken.isPresent() && channel.isPresent();
    }
  }

  /** Mattermost-compatible slash commands, trusted by their {@code token}. */
  public record Mattermost(Secret commandToken, String command, List<ChatUser> users, UnknownUsers unknownUsers) {
  }

  /**
   * A chat user pdm knows.
   *
   * @param userId         the chat's user id ({@code U0123ABCD} in Slack)
   * @param name           the pdm identity shown in the audit trail
   * @param role           what they may do
   * @param gitlabUsername their GitLab username, so that pdm can message them about their merge requests
   */
  public record ChatUser(String userId, String name, Role role, Optional<String> gitlabUsername) {
  }

  /** What a chat user pdm does not know may do. */
  public enum UnknownUsers {
    /** Ask for status, executed, run and help. */
    READ,
    /** Nothing: every command is refused. */
    REFUSE
  }

  /** One incoming webhook; its URL is a credential. */
  public record ChatWebhook(String name, Secret url) {
  }

  /**
   * Who may call pdm's API, and how much of it.
   *
   * @param sessionMaxAgeMinutes     a web session ends this long after sign-in, whatever its use
   * @param sessionIdleMinutes       a web session unused for this long ends
   * @param failedAttemptsPerMinute  failed authentications a client address may make per minute before 429
   * @param gitlabReadsPerMinute     requests per token per minute that make pdm read GitLab on demand
   * @param liveSessionsPerToken     live WebSocket sessions one token may hold open on one replica
   */
  public record Auth(List<ApiToken> tokens, int sessionMaxAgeMinutes, int sessionIdleMinutes,
      int failedAttemptsPerMinute, int gitlabReadsPerMinute, int liveSessionsPerToken) {
  }

  /** The two roles: viewers read, operators also start, retry, cancel and record mitigations. */
  public enum Role { VIEWER, OPERATOR }

  /**
   * An API token, stored as a salted hash.
   *
   * @param hash {@code sha256:<salt>:<hex digest of salt + token>}
   */
  public record ApiToken(String name, Role role, String hash) {
  }

  /** How often pdm asks GitLab what webhooks may have missed. */
  public record Polling(int activeIntervalSeconds, int idleIntervalSeconds) {
  }

  /**
   * How pdm follows a migration job's log.
   *
   * @param windowMegabytes  the most of a job log read from GitLab that pdm holds at once (it is parsed and stored a
   *                         window at a time)
   * @param linesPerEvent    the latest lines of one window a run event carries; earlier ones are counted, not kept
   * @param eventKilobytes   the most text a run event carries, lines cut to fit
   * @param tailLines        the latest lines of each job log kept with the run for display
   */
  public record JobLog(int windowMegabytes, int linesPerEvent, int eventKilobytes, int tailLines) {
    /** The defaults. */
    public static final JobLog DEFAULT = new JobLog(4, 200, 64, 400);

    public int windowBytes() {
      return windowMegabytes * 1024 * 1024;
    }

    public int eventBytes() {
      return eventKilobytes * 1024;
    }
  }

  /**
   * How replicas drive runs.
   *
   * @param leaseSeconds              how long a replica's claim on a run lasts without renewal (renewed every third)
   * @param tickSeconds               how often a replica looks for runs to drive and commands due
   * @param triggerQuietPeriodSeconds how long after a pipeline creation with no answer pdm keeps looking for the pipeline
   *                                  before it asks a person; longer than GitLab's longest request plus a lease
   * @param checksMaxAgeSeconds       production checks older than this are run again before a trigger is sent
   * @param commandRetryBudget        how many times a command that is not a trigger (checks, triage, records, chat) is
   *                                  tried before its failure is recorded and the run goes on
   * @param shutdownGraceSeconds      how long a stopping replica waits for commands in flight before it lets go
   */
  public record Orchestration(int leaseSeconds, int tickSeconds, int triggerQuietPeriodSeconds, int checksMaxAgeSeconds,
      int commandRetryBudget, int shutdownGraceSeconds) {
  }

  /**
   * When pdm may migrate, and when it starts runs by itself.
   *
   * @param denyWindows  named windows in which the production check {@code deploy-window} fails
   * @param autoExecute  the schedule of automatic runs, off when empty
   */
  public record Schedule(List<ConfiguredDenyWindow> denyWindows, Optional<AutoExecute> autoExecute) {

    /** The deny windows that apply to the environment named {@code environment}. */
    public DenyWindows windowsFor(String environment) {
      return new DenyWindows(denyWindows.stream().filter(w -> w.environments().contains(environment))
          .map(ConfiguredDenyWindow::window).toList());
    }
  }

  /** A deny window and the environments (by pdm's name) it applies to. */
  public record ConfiguredDenyWindow(DenyWindow window, List<String> environments) {
  }

  /** Runs started by pdm itself, as the user {@code pdm-scheduler}, when {@code cron} fires in {@code timeZone}. */
  public record AutoExecute(CronExpression cron, ZoneId timeZone) {
  }

  /**
   * How long a production migration may run before it is announced as running long: longer than
   * {@code max(factor × its staging duration, floorSeconds)}. It is never stopped.
   */
  public record Budgets(double factor, int floorSeconds) {

    /** The budget of a migration that took {@code stagingSeconds} on staging (the floor when unknown). */
    public double budgetSeconds(Optional<Double> stagingSeconds) {
      return Math.max(stagingSeconds.map(s -> s * factor).orElse(0.0), floorSeconds);
    }
  }

  /** What the pre-run risk classification flags: data changes on these tables (by name). */
  public record Risk(List<String> largeTables) {
  }

  /**
   * Who may scrape {@code GET /metrics}, and where.
   *
   * @param token a bearer token accepted on {@code /metrics} besides pdm's API tokens
   * @param port  a separate port serving only {@code /metrics} (then not served on {@code server.port}); 0 for none
   */
  public record Metrics(Optional<Secret> token, int port) {
  }

  /** How log lines are written: plain text for people, or one JSON object per line for a log pipeline. */
  public record Logging(LogFormat format) {
  }

  /** The two log line formats. */
  public enum LogFormat { TEXT, JSON }
}
