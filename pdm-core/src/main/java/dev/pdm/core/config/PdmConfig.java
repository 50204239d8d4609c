package dev.pdm.core.config;

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
    Polling polling) {

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
   */
  public record Environment(String name, String gitlabEnvironment, String dbEnvironment, String workflowLabel,
      String migrationJob, Optional<String> baselineSha) {
  }

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
   * How a failed migration is triaged.
   *
   * @param confidentialIncident whether the incident pdm opens is visible to project members only
   * @param maxLogBytes          the most of a job log pdm reads or accepts for triage (its end is kept)
   */
  public record Triage(String databaseMaintainersGroup, String approvedLabel, boolean createIncident,
      List<String> incidentLabels, boolean confidentialIncident, long maxLogBytes) {
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
}
