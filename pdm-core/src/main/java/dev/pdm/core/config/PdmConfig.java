package dev.pdm.core.config;

import dev.pdm.core.run.EnvironmentTier;
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
    Orchestration orchestrator,
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

  /** Where pdm listens and where it keeps its data. */
  public record Server(String host, int port, Optional<String> publicUrl, String dataDir) {
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
   * @param deploymentBlockerLabel the label a "blocks deployments" decision adds to the incident (one of
   *                               {@code checks.incident_labels}, so that it blocks runs)
   * @param resolvedLabel          the label that, like closing it, says the incident is resolved
   */
  public record Triage(String databaseMaintainersGroup, String approvedLabel, boolean createIncident,
      List<String> incidentLabels, String deploymentBlockerLabel, String resolvedLabel) {
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

  /** Slack-compatible incoming webhooks pdm announces runs to. */
  public record Chat(List<ChatWebhook> webhooks) {
  }

  /** One incoming webhook; its URL is a credential. */
  public record ChatWebhook(String name, Secret url) {
  }

  /** Who may call pdm's API. */
  public record Auth(List<ApiToken> tokens) {
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
}
