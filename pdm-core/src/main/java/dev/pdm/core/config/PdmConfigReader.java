package dev.pdm.core.config;

import dev.pdm.core.config.PdmConfig.ApiToken;
import dev.pdm.core.config.PdmConfig.Auth;
import dev.pdm.core.config.PdmConfig.Chat;
import dev.pdm.core.config.PdmConfig.ChatUser;
import dev.pdm.core.config.PdmConfig.ChatWebhook;
import dev.pdm.core.config.PdmConfig.Budgets;
import dev.pdm.core.config.PdmConfig.Mattermost;
import dev.pdm.core.config.PdmConfig.Slack;
import dev.pdm.core.config.PdmConfig.UnknownUsers;
import dev.pdm.core.config.PdmConfig.Checks;
import dev.pdm.core.config.PdmConfig.Database;
import dev.pdm.core.config.PdmConfig.Environment;
import dev.pdm.core.config.PdmConfig.GitLab;
import dev.pdm.core.config.PdmConfig.Orchestration;
import dev.pdm.core.config.PdmConfig.LogFormat;
import dev.pdm.core.config.PdmConfig.Logging;
import dev.pdm.core.config.PdmConfig.Metrics;
import dev.pdm.core.config.PdmConfig.PlanStage;
import dev.pdm.core.config.PdmConfig.JobLog;
import dev.pdm.core.config.PdmConfig.Polling;
import dev.pdm.core.config.PdmConfig.Projects;
import dev.pdm.core.config.PdmConfig.ReleaseManagers;
import dev.pdm.core.config.PdmConfig.ReleaseIssue;
import dev.pdm.core.config.PdmConfig.Risk;
import dev.pdm.core.config.PdmConfig.Role;
import dev.pdm.core.config.PdmConfig.Schedule;
import dev.pdm.core.config.PdmConfig.Server;
import dev.pdm.core.config.PdmConfig.StageKind;
import dev.pdm.core.config.PdmConfig.Tier;
import dev.pdm.core.config.PdmConfig.Triage;
import dev.pdm.core.run.RunPlan;
import dev.pdm.core.run.StageSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a {@link PdmConfig} out of a {@link ConfigNode} tree, with defaults and cross-field rules. */
final class PdmConfigReader {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");
  private static final Pattern TOKEN_HASH = Pattern.compile("sha256:[0-9a-f]{8,}:[0-9a-f]{64}");
  private static final Pattern ENV_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
  private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,}");
  private static final Pattern SLACK_USER_GROUP = Pattern.compile("S[A-Z0-9]{2,}");
  private static final Pattern SLACK_CHANNEL = Pattern.compile("[CGD][A-Z0-9]{2,}");
  private static final Pattern SLASH_COMMAND = Pattern.compile("/[a-z0-9_-]+");
  /** A shorter webhook secret could be guessed, and a webhook tells pdm when to read GitLab. */
  static final int MIN_WEBHOOK_SECRET_CHARS = 16;

  /** Tables the runbook treats as large (GitLab's high-traffic tables): data changes on them are flagged. */
  static final List<String> DEFAULT_LARGE_TABLES = List.of("audit_events", "ci_builds", "ci_builds_metadata",
      "ci_job_artifacts", "ci_pipeline_variables", "ci_pipelines", "ci_stages", "deployments", "events", "issues",
      "merge_request_diff_commits", "merge_request_diff_files", "merge_request_diffs", "merge_request_metrics",
      "merge_requests", "namespaces", "note_diff_files", "notes", "project_authorizations", "project_settings",
      "projects", "push_event_payloads", "resource_label_events", "routes", "sent_notifications",
      "system_note_metadata", "taggings", "todos", "users", "web_hook_logs");

  private PdmConfigReader() {
  }

  static PdmConfig read(ConfigNode root) {
    Server server = server(root.object("server"));
    Database database = database(root.object("database"));
    Optional<GitLab> gitlab = gitlab(root.object("gitlab"));
    Projects projects = projects(root.object("projects"));
    List<Environment> environments = root.list("environments", PdmConfigReader::environment, defaultEnvironments());
    checkUniqueNames(root, environments);
    List<PlanStage> plan = root.list("plan", n -> planStage(n, projects), defaultPlan(projects));
    checkPlan(root, plan, environments);
    Triage triage = triage(root.object("triage"));
    Checks checks = checks(root.object("checks"), triage);
    ReleaseIssue releaseIssue = releaseIssue(root.object("release_issue"), projects);
    ConfigNode chatNode = root.object("chat");
    Chat chat = new Chat(chatNode.list("webhooks", PdmConfigReader::chatWebhook, List.of()),
        slack(chatNode.object("slack")), mattermost(chatNode.object("mattermost")));
    Auth auth = auth(root.object("auth"));
    Polling polling = polling(root.object("polling"));
    JobLog jobLog = jobLog(root.object("job_log"));
    Orchestration orchestrator = orchestration(root.object("orchestrator"), gitlab);
    Schedule schedule = ScheduleReader.schedule(root.object("schedule"), environments);
    Budgets budgets = budgets(root.object("budgets"));
    Risk risk = new Risk(root.object("risk").strings("large_tables", DEFAULT_LARGE_TABLES));
    Metrics metrics = metrics(root.object("metrics"), server);
    Logging logging = new Logging(root.object("logging").choice("format", LogFormat.class, LogFormat.TEXT));
    ReleaseManagers releaseManagers = releaseManagers(root);
    return new PdmConfig(server, database, gitlab, projects, environments, plan, checks, triage, releaseIssue, chat,
        auth, polling, jobLog, orchestrator, schedule, budgets, risk, metrics, logging, releaseManagers);
  }

  private static Server server(ConfigNode n) {
    return new Server(n.string("host", "0.0.0.0"), n.integer("port", 8080, 0, 65535), n.url("public_url", false),
        n.string("data_dir", "./.pdm-data"), n.integer("idle_timeout_seconds", 60, 20, 3600),
        n.integer("request_timeout_seconds", 120, 1, 3600), n.bool("trust_forwarded_headers", false));
  }

  private static Database database(ConfigNode n) {
    Optional<Secret> url = n.secret("url").map(u -> {
      try {
        DatabaseAddress.parse(u.reveal());
      } catch (IllegalArgumentException e) {
        n.problem("url", "******", DatabaseAddress.EXPECTED + " (percent-encode @ : / ? # in the password)");
      }
      return u;
    });
    return new Database(url, n.integer("pool_size", 8, 1, 200));
  }

  private static Optional<GitLab> gitlab(ConfigNode n) {
    Optional<String> url = n.url("url", false);
    Optional<Secret> token = n.secret("token");
    Optional<Secret> webhookSecret = n.secret("webhook_secret");
    webhookSecret.filter(s -> s.reveal().length() < MIN_WEBHOOK_SECRET_CHARS).ifPresent(s -> n.problem(
        "webhook_secret", "a secret of " + s.reveal().length() + " characters", "at least " + MIN_WEBHOOK_SECRET_CHARS
            + " characters, e.g. from: openssl rand -hex 16"));
    int timeout = n.integer("request_timeout_seconds", 30, 1, 600);
    int retries = n.integer("max_read_retries", 4, 0, 20);
    if (url.isEmpty() && token.isEmpty() && !n.has("url")) {
      return Optional.empty();
    }
    if (url.isEmpty() && !n.has("url")) {
      n.problem("url", null, "required when gitlab is configured");
    }
    if (token.isEmpty()) {
      n.problem("token", null, "required when gitlab is configured (or set PDM_GITLAB_TOKEN)");
    }
    return url.flatMap(u -> token.map(t -> new GitLab(u, t, webhookSecret, timeout, retries)));
  }

  private static Projects projects(ConfigNode n) {
    return new Projects(
        n.string("canonical", "gitlab-org/gitlab"),
        n.string("security", "gitlab-org/security/gitlab"),
        n.string("deployer", "gitlab-com/gl-infra/deployer"),
        n.string("qa", "gitlab-org/quality/staging"),
        n.string("production", "gitlab-com/gl-infra/production"),
        n.string("release_tasks", "gitlab-org/release/tasks"));
  }

  private static Environment environment(ConfigNode n) {
    String name = n.requiredString("name");
    if (!name.isEmpty() && !ENV_NAME.matcher(name).matches()) {
      n.problem("name", name, "lower-case letters, digits, '-' or '_'");
    }
    Optional<String> baseline = n.optionalString("baseline_sha");
    baseline.filter(s -> !SHA.matcher(s).matches())
        .ifPresent(s -> n.problem("baseline_sha", s, "a commit SHA (7 to 40 hexadecimal digits)"));
    String label = n.requiredString("workflow_label");
    return new Environment(name,
        n.requiredString("gitlab_environment"),
        n.string("db_environment", "db/" + name),
        label,
        n.string("migration_job", name + "-postdeploy-migrations"),
        baseline,
        tier(n, label));
  }

  /** The tier defaults from the workflow label; a label that names neither tier must say which it is. */
  private static Tier tier(ConfigNode n, String label) {
    Tier fromLabel = "production".equals(label) ? Tier.PRODUCTION : "staging".equals(label) ? Tier.STAGING : null;
    if (fromLabel == null && !n.has("tier") && !label.isEmpty()) {
      n.problem("tier", null, "staging or production (required: workflow_label '" + label + "' names neither)");
      return Tier.PRODUCTION;
    }
    return n.choice("tier", Tier.class, fromLabel == null ? Tier.PRODUCTION : fromLabel);
  }

  private static List<Environment> defaultEnvironments() {
    return List.of(
        new Environment("gstg", "gstg", "db/gstg", "staging", "gstg-postdeploy-migrations", Optional.empty(), Tier.STAGING),
        new Environment("gprd", "gprd", "db/gprd", "production", "gprd-postdeploy-migrations", Optional.empty(),
            Tier.PRODUCTION));
  }

  /** Variables pdm sets itself on every pipeline it triggers; a plan's {@code variables} cannot change them. */
  static final Set<String> RESERVED_VARIABLES = Set.of("DEPLOY_ENVIRONMENT", "QA_ENVIRONMENT");

  /**
   * A stage without {@code project} uses the deployer (migrate) or QA project. pdm itself passes the variable that names
   * the stage's environment ({@code DEPLOY_ENVIRONMENT} or {@code QA_ENVIRONMENT}) and its {@code PDM_*} markers;
   * {@code variables} adds others and may not set those.
   */
  private static PlanStage planStage(ConfigNode n, Projects projects) {
    StageKind kind = n.choice("kind", StageKind.class, null);
    if (kind == null && !n.has("kind")) {
      n.problem("kind", null, "required: migrate or qa");
    }
    StageKind k = kind == null ? StageKind.MIGRATE : kind;
    String environment = n.requiredString("environment");
    String project = n.string("project", k == StageKind.MIGRATE ? projects.deployer() : projects.qa());
    Map<String, String> variables = n.has("variables") ? n.stringMap("variables") : Map.of();
    variables.keySet().stream().filter(key -> RESERVED_VARIABLES.contains(key) || key.startsWith("PDM_")).sorted()
        .forEach(key -> n.problem("variables." + key, variables.get(key), "no " + key + ": pdm sets "
            + (key.startsWith("PDM_") ? "the PDM_* markers" : "DEPLOY_ENVIRONMENT and QA_ENVIRONMENT")
            + " itself from the stage, so that a pipeline always migrates the environment its stage names"));
    int timeout = n.integer("timeout_seconds", k == StageKind.MIGRATE ? 7200 : 3600, 1, 7 * 24 * 3600);
    return new PlanStage(k, environment, project, n.string("ref", "master"), variables, timeout);
  }

  private static List<PlanStage> defaultPlan(Projects projects) {
    return List.of(
        new PlanStage(StageKind.MIGRATE, "gstg", projects.deployer(), "master", Map.of(), 7200),
        new PlanStage(StageKind.QA, "gstg", projects.qa(), "master", Map.of(), 3600),
        new PlanStage(StageKind.MIGRATE, "gprd", projects.deployer(), "master", Map.of(), 7200));
  }

  private static void checkUniqueNames(ConfigNode root, List<Environment> environments) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < environments.size(); i++) {
      String name = environments.get(i).name();
      if (!name.isEmpty() && !seen.add(name)) {
        root.problem("environments[" + i + "].name", name, "a name not used by another environment");
      }
    }
  }

  private static void checkPlan(ConfigNode root, List<PlanStage> plan, List<Environment> environments) {
    if (plan.isEmpty()) {
      root.problem("plan", "an empty list", "at least one stage");
    }
    Set<String> names = new HashSet<>();
    environments.forEach(e -> names.add(e.name()));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < plan.size(); i++) {
      PlanStage stage = plan.get(i);
      if (!stage.environment().isEmpty() && !names.contains(stage.environment())) {
        root.problem("plan[" + i + "].environment", stage.environment(),
            "one of the configured environments " + names.stream().sorted().toList());
      }
      if (!stage.environment().isEmpty() && !ids.add(stage.id())) {
        root.problem("plan[" + i + "]", stage.id(), "each (kind, environment) at most once in the plan");
      }
    }
    if (!plan.isEmpty() && plan.get(0).kind() != StageKind.MIGRATE) {
      root.problem("plan[0].kind", "qa", "migrate: a run starts by migrating an environment");
    }
    if (!plan.stream().allMatch(stage -> names.contains(stage.environment()))) {
      return;
    }
    List<StageSpec> specs = PdmConfig.stageSpecs(plan, environments);
    for (int i = 0; i < specs.size(); i++) {
      int index = i;
      RunPlan.unrehearsed(specs, i).ifPresent(problem -> root.problem("plan[" + index + "]", specs.get(index).id(), problem));
    }
  }

  /** An incident marked as blocking deployments always blocks runs: its label is an incident label, listed or not. */
  private static Checks checks(ConfigNode n, Triage triage) {
    List<String> incidentLabels = new ArrayList<>(n.strings("incident_labels", List.of("severity::1", "severity::2",
        "blocks deployments")));
    if (!incidentLabels.contains(triage.deploymentBlockerLabel())) {
      incidentLabels.add(triage.deploymentBlockerLabel());
    }
    return new Checks(List.copyOf(incidentLabels), n.strings("change_request_labels", List.of("change::in-progress")));
  }

  private static Triage triage(ConfigNode n) {
    return new Triage(
        n.string("database_maintainers_group", "gitlab-org/maintainers/database"),
        n.string("approved_label", "database::approved"),
        n.bool("create_incident", true),
        n.strings("incident_labels", List.of("incident", "post-deploy-migration")),
        n.bool("confidential_incident", true),
        n.integer("max_log_megabytes", 16, 1, 1024) * 1024L * 1024L,
        n.string("deployment_blocker_label", "blocks deployments"),
        n.string("resolved_label", "Incident::Resolved"));
  }

  private static ReleaseManagers releaseManagers(ConfigNode root) {
    List<String> usernames = root.strings("release_managers", List.of()).stream()
        .map(u -> u.strip().replaceFirst("^@", "")).toList();
    for (int i = 0; i < usernames.size(); i++) {
      if (!USERNAME.matcher(usernames.get(i)).matches()) {
        root.problem("release_managers[" + i + "]", usernames.get(i), "a GitLab username such as alice-nguyen");
      }
    }
    return new ReleaseManagers(usernames, root.optionalString("release_managers_group").filter(g -> !g.isBlank()));
  }

  private static ReleaseIssue releaseIssue(ConfigNode n, Projects projects) {
    int iid = n.integer("iid", 0, 0, Integer.MAX_VALUE);
    return new ReleaseIssue(n.string("project", projects.releaseTasks()), n.string("label", "Monthly Release"),
        iid == 0 ? Optional.empty() : Optional.of(iid));
  }

  private static ChatWebhook chatWebhook(ConfigNode n) {
    String name = n.requiredString("name");
    Optional<String> url = n.url("url", true);
    if (url.isEmpty() && !n.has("url")) {
      n.problem("url", null, "required");
    }
    return new ChatWebhook(name, Secret.of(url.orElse("")));
  }

  /**
   * {@code chat.slack}: present when any of its keys is set. Every scalar key is read even when absent, so that each
   * one can be set by its {@code PDM_CHAT_SLACK_*} variable.
   */
  private static Optional<Slack> slack(ConfigNode n) {
    Optional<Secret> signingSecret = n.secret("signing_secret");
    Optional<Secret> botToken = n.secret("bot_token");
    Optional<String> channel = n.optionalString("channel");
    Optional<String> apiUrl = n.url("api_url", false);
    String command = slashCommand(n);
    UnknownUsers unknownUsers = n.choice("unknown_users", UnknownUsers.class, UnknownUsers.REFUSE);
    ConfigNode groupsNode = n.object("user_groups");
    Map<Role, String> groups = new java.util.EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      String key = role.name().toLowerCase(java.util.Locale.ROOT);
      groupsNode.optionalString(key).ifPresent(group -> {
        if (!SLACK_USER_GROUP.matcher(group).matches()) {
          groupsNode.problem(key, group, "a Slack user group id such as S0614TZR7");
        }
        groups.put(role, group);
      });
    }
    List<ChatUser> users = n.list("users", u -> chatUser(u, "slack_user_id", SLACK_USER, "U0123ABCD"), List.of());
    if (!n.has("signing_secret") && !n.has("bot_token") && !n.has("channel") && !n.has("users")
        && !n.has("user_groups") && !n.has("api_url") && !n.has("command") && !n.has("unknown_users")) {
      return Optional.empty();
    }
    checkUniqueUsers(n, users, "slack_user_id");
    if (signingSecret.isEmpty() && botToken.isEmpty()) {
      n.problem("signing_secret", null, "a signing secret (slash commands and buttons) and/or a bot_token "
          + "(one message per run) when chat.slack is configured");
    }
    if (botToken.isPresent() && channel.isEmpty()) {
      n.problem("channel", null, "the channel id runs are announced in, required with bot_token");
    }
    if (channel.isPresent() && botToken.isEmpty()) {
      n.problem("bot_token", null, "the app's bot token (xoxb-...), required with channel");
    }
    channel.filter(c -> !SLACK_CHANNEL.matcher(c).matches())
        .ifPresent(c -> n.problem("channel", c, "a Slack channel id such as C0123ABCD (chat.update needs the id, "
            + "not the name)"));
    return Optional.of(new Slack(signingSecret, botToken, channel, apiUrl.orElse("https://slack.com/api"), command,
        users, Map.copyOf(groups), unknownUsers));
  }

  /** {@code chat.mattermost}: present when any of its keys is set; its command token is then required. */
  private static Optional<Mattermost> mattermost(ConfigNode n) {
    Optional<Secret> token = n.secret("command_token");
    String command = slashCommand(n);
    UnknownUsers unknownUsers = n.choice("unknown_users", UnknownUsers.class, UnknownUsers.REFUSE);
    List<ChatUser> users = n.list("users", u -> chatUser(u, "user_id", Pattern.compile("[a-z0-9]{26}"),
        "a 26-character Mattermost user id"), List.of());
    if (!n.has("command_token") && !n.has("users") && !n.has("command") && !n.has("unknown_users")) {
      return Optional.empty();
    }
    checkUniqueUsers(n, users, "user_id");
    if (token.isEmpty()) {
      n.problem("command_token", null, "the slash command's token, required when chat.mattermost is configured");
    }
    return token.map(t -> new Mattermost(t, command, users, unknownUsers));
  }

  private static String slashCommand(ConfigNode n) {
    String command = n.string("command", "/pdm");
    if (!SLASH_COMMAND.matcher(command).matches()) {
      n.problem("command", command, "a slash command such as /pdm");
    }
    return command;
  }

  private static ChatUser chatUser(ConfigNode n, String idKey, Pattern idPattern, String idExample) {
    String id = n.requiredString(idKey);
    if (!id.isEmpty() && !idPattern.matcher(id).matches()) {
      n.problem(idKey, id, idExample.contains(" ") ? idExample : "a user id such as " + idExample);
    }
    Role role = n.choice("role", Role.class, Role.VIEWER);
    if (!n.has("role")) {
      n.problem("role", null, "required: viewer or operator");
    }
    return new ChatUser(id, n.requiredString("name"), role, n.optionalString("gitlab_username"));
  }

  private static void checkUniqueUsers(ConfigNode n, List<ChatUser> users, String idKey) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < users.size(); i++) {
      String id = users.get(i).userId();
      if (!id.isEmpty() && !seen.add(id)) {
        n.problem("users[" + i + "]." + idKey, id, "a user listed once");
      }
    }
  }

  private static Auth auth(ConfigNode n) {
    return new Auth(n.list("tokens", PdmConfigReader::apiToken, List.of()),
        n.integer("session_max_age_minutes", 12 * 60, 5, 30 * 24 * 60),
        n.integer("session_idle_minutes", 60, 1, 30 * 24 * 60),
        n.integer("failed_attempts_per_minute", 10, 1, 10_000),
        n.integer("gitlab_reads_per_minute", 30, 1, 10_000),
        n.integer("live_sessions_per_token", 10, 1, 100_000));
  }

  private static ApiToken apiToken(ConfigNode n) {
    String name = n.requiredString("name");
    Role role = n.choice("role", Role.class, Role.VIEWER);
    if (!n.has("role")) {
      n.problem("role", null, "required: viewer or operator");
    }
    String hash = n.requiredString("hash");
    if (!hash.isEmpty() && !TOKEN_HASH.matcher(hash).matches()) {
      n.problem("hash", "******", "sha256:<salt hex>:<64 hex digits> (make one with: pdm-server.jar hash-token)");
    }
    return new ApiToken(name, role, hash);
  }

  private static Orchestration orchestration(ConfigNode n, Optional<GitLab> gitlab) {
    int lease = n.integer("lease_seconds", 15, 3, 600);
    int tick = n.integer("tick_seconds", 1, 1, 60);
    int quiet = n.integer("trigger_quiet_period_seconds", 300, 1, 24 * 3600);
    int checksAge = n.integer("checks_max_age_seconds", 300, 1, 24 * 3600);
    int budget = n.integer("command_retry_budget", 8, 1, 100);
    int grace = n.integer("shutdown_grace_seconds", 30, 0, 600);
    if (tick * 3 > lease) {
      n.problem("tick_seconds", Integer.toString(tick), "at most a third of orchestrator.lease_seconds (" + lease
          + "): a replica must look at its runs several times per lease");
    }
    int requestTimeout = gitlab.map(GitLab::requestTimeoutSeconds).orElse(30);
    if (quiet <= requestTimeout + lease) {
      n.problem("trigger_quiet_period_seconds", Integer.toString(quiet), "more than gitlab.request_timeout_seconds + "
          + "orchestrator.lease_seconds (" + (requestTimeout + lease) + "): a pipeline GitLab creates while answering"
          + " slowly, or while another replica takes over, must have time to appear before pdm asks a person");
    }
    return new Orchestration(lease, tick, quiet, checksAge, budget, grace);
  }

  private static Budgets budgets(ConfigNode n) {
    double factor = 5;
    Optional<String> text = n.optionalString("factor");
    if (text.isPresent()) {
      try {
        factor = Double.parseDouble(text.get());
        if (!(factor >= 1 && factor <= 1000)) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        n.problem("factor", text.get(), "a number from 1 to 1000, e.g. 5 or 2.5");
        factor = 5;
      }
    }
    return new Budgets(factor, n.integer("floor_seconds", 60, 1, 7 * 24 * 3600));
  }

  private static Metrics metrics(ConfigNode n, Server server) {
    Optional<Secret> token = n.secret("token");
    int port = n.integer("port", 0, 0, 65535);
    if (port != 0 && port == server.port()) {
      n.problem("port", Integer.toString(port), "a port other than server.port, or 0 to serve /metrics there");
    }
    return new Metrics(token, port);
  }

  private static JobLog jobLog(ConfigNode n) {
    JobLog d = JobLog.DEFAULT;
    return new JobLog(n.integer("window_megabytes", d.windowMegabytes(), 1, 64),
        n.integer("lines_per_event", d.linesPerEvent(), 10, 5000),
        n.integer("event_kilobytes", d.eventKilobytes(), 8, 1024),
        n.integer("tail_lines", d.tailLines(), 10, 5000));
  }

  private static Polling polling(ConfigNode n) {
    return new Polling(n.integer("active_interval_seconds", 5, 1, 3600), n.integer("idle_interval_seconds", 60, 1,
        86400));
  }
}
