package dev.pdm.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.core.config.PdmConfig.Role;
import dev.pdm.core.config.PdmConfig.StageKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path file(String yaml) throws IOException {
    Path f = dir.resolve("pdm.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static List<String> problems(Runnable load) {
    try {
      load.run();
    } catch (InvalidConfigException e) {
      return e.problems().stream().map(ConfigProblem::message).toList();
    }
    throw new AssertionError("expected the configuration to be rejected");
  }

  @Test
  void noFileGivesGitLabsOwnDefaults() {
    PdmConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());

    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.server().dataDir()).isEqualTo("./.pdm-data");
    assertThat(config.database().url()).isEmpty();
    assertThat(config.gitlab()).isEmpty();
    assertThat(config.environments()).extracting(PdmConfig.Environment::name).containsExactly("gstg", "gprd");
    assertThat(config.plan()).extracting(PdmConfig.PlanStage::id)
        .containsExactly("migrate-gstg", "qa-gstg", "migrate-gprd");
    assertThat(config.plan().get(0).variables()).isEmpty();
    assertThat(config.environments()).extracting(PdmConfig.Environment::tier)
        .containsExactly(PdmConfig.Tier.STAGING, PdmConfig.Tier.PRODUCTION);
    assertThat(config.orchestrator().triggerQuietPeriodSeconds()).isEqualTo(300);
    assertThat(config.orchestrator().checksMaxAgeSeconds()).isEqualTo(300);
    assertThat(config.plan().get(1).project()).isEqualTo("gitlab-org/quality/staging");
    assertThat(config.checks().incidentLabels()).contains("severity::1", "severity::2");
  }

  @Test
  void schedulesAreOffAndBudgetsAreFiveTimesStagingOrAMinuteByDefault() {
    PdmConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());

    assertThat(config.schedule().denyWindows()).isEmpty();
    assertThat(config.schedule().autoExecute()).isEmpty();
    assertThat(config.budgets().budgetSeconds(Optional.of(30.0))).isEqualTo(150.0);
    assertThat(config.budgets().budgetSeconds(Optional.of(3.5))).isEqualTo(60.0);
    assertThat(config.budgets().budgetSeconds(Optional.empty())).isEqualTo(60.0);
    assertThat(config.risk().largeTables()).contains("ci_builds", "merge_requests");
  }

  @Test
  void readsDenyWindowsScheduledRunsAndBudgets() throws IOException {
    Path f = file("""
        schedule:
          deny_windows:
            - {name: weekend freeze, from: "Fri 18:00", to: "Mon 06:00", time_zone: Europe/Amsterdam}
            - {name: nightly backups, cron: "* 1-2 * * *", environments: [gstg, gprd]}
          auto_execute: {cron: "0 3 * * 2-4", time_zone: UTC}
        budgets: {factor: 2.5, floor_seconds: 120}
        risk: {large_tables: [issues]}
        """);

    PdmConfig config = ConfigLoader.load(Optional.of(f), Map.of(), Map.of());

    assertThat(config.schedule().windowsFor("gprd").windows()).extracting(w -> w.name())
        .containsExactly("weekend freeze", "nightly backups");
    assertThat(config.schedule().windowsFor("gstg").windows()).extracting(w -> w.name()).containsExactly("nightly backups");
    assertThat(config.schedule().denyWindows().get(0).window().describe()).isEqualTo("Fri 18:00 to Mon 06:00 Europe/Amsterdam");
    assertThat(config.schedule().autoExecute().orElseThrow().cron().toString()).isEqualTo("0 3 * * 2-4");
    assertThat(config.budgets().factor()).isEqualTo(2.5);
    assertThat(config.budgets().floorSeconds()).isEqualTo(120);
    assertThat(config.risk().largeTables()).containsExactly("issues");
  }

  @Test
  void refusesBadWindowsAndSchedulesNamingEachKeyAndValue() throws IOException {
    Path f = file("""
        schedule:
          deny_windows:
            - {name: freeze, from: "Fryday 18:00", to: "Mon 06:00", time_zone: Mars/Olympus}
            - {name: nights, cron: "* 25 * * *", environments: [gxyz]}
            - {name: both, from: "Fri 18:00", to: "Mon 06:00", cron: "* * * * *"}
          auto_execute: {time_zone: UTC}
        budgets: {factor: zero, floor_seconds: 0}
        """);

    assertThat(problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()))).contains(
        "schedule.deny_windows[0].from: a weekday and a 24-hour time such as 'Fri 18:00' (got Fryday 18:00)",
        "schedule.deny_windows[0].time_zone: a time zone such as UTC or Europe/Amsterdam (got Mars/Olympus)",
        "schedule.deny_windows[1].environments: names of configured environments [gstg, gprd] (got gxyz)",
        "schedule.deny_windows[2].cron: either from/to or cron, not both (got * * * * *)",
        "schedule.auto_execute.cron: required: when scheduled runs start, e.g. '0 3 * * 2-4'",
        "budgets.factor: a number from 1 to 1000, e.g. 5 or 2.5 (got zero)",
        "budgets.floor_seconds: a whole number from 1 to 604800 (got 0)")
        .anySatisfy(p -> assertThat(p).startsWith("schedule.deny_windows[1].cron: a cron expression: hour '25'"));
  }

  @Test
  void readsAFullFile() throws IOException {
    Path f = file("""
        server: {port: 9090, data_dir: /var/lib/pdm, public_url: https://pdm.example.com/}
        database: {url: "postgresql://pdm:pw@db:5432/pdm", pool_size: 4}
        gitlab: {url: https://gitlab.example.com, token: glpat-secret, webhook_secret: hooksecret-0123456789}
        environments:
          - {name: gstg, gitlab_environment: gstg, workflow_label: staging}
          - {name: gprd, gitlab_environment: gprd, workflow_label: production, baseline_sha: 0123abcd}
        plan:
          - {kind: migrate, environment: gstg, variables: {RAILS_ENV: gstg, PDM: "1"}}
          - {kind: qa, environment: gstg}
          - {kind: migrate, environment: gprd}
        chat:
          webhooks: [{name: releases, url: "https://hooks.slack.com/services/T/B/X"}]
        auth:
          tokens:
            - {name: alice, role: operator, hash: "sha256:0011223344:%s"}
        """.formatted("ab".repeat(32)));

    PdmConfig config = ConfigLoader.load(Optional.of(f), Map.of(), Map.of());

    assertThat(config.server().port()).isEqualTo(9090);
    assertThat(config.server().publicUrl()).contains("https://pdm.example.com");
    assertThat(config.gitlab().orElseThrow().token().reveal()).isEqualTo("glpat-secret");
    assertThat(config.gitlab().orElseThrow().toString()).doesNotContain("glpat-secret").doesNotContain("hooksecret");
    assertThat(config.environments().get(1).dbEnvironment()).isEqualTo("db/gprd");
    assertThat(config.environments().get(1).migrationJob()).isEqualTo("gprd-postdeploy-migrations");
    assertThat(config.environments().get(1).baselineSha()).contains("0123abcd");
    assertThat(config.plan().get(0).variables()).containsEntry("PDM", "1");
    assertThat(config.plan().get(1).kind()).isEqualTo(StageKind.QA);
    assertThat(config.auth().tokens().get(0).role()).isEqualTo(Role.OPERATOR);
  }

  @Test
  void listsEveryProblemAtOnceWithPathValueAndExpectation() throws IOException {
    Path f = file("""
        server: {port: 99999}
        environments:
          - {name: gstg, gitlab_environment: gstg, workflow_label: staging}
          - {name: gprd, workflow_label: production}
        plan:
          - {kind: migrate, environment: gstgg}
        """);

    List<String> problems = problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));

    assertThat(problems).containsExactlyInAnyOrder(
        "server.port: a whole number from 0 to 65535 (got 99999)",
        "environments[1].gitlab_environment: required",
        "plan[0].environment: one of the configured environments [gprd, gstg] (got gstgg)");
  }

  @Test
  void refusesAPlanThatMigratesProductionUnrehearsedAndVariablesThatRetargetAStage() throws IOException {
    Path f = file("""
        environments:
          - {name: gstg, gitlab_environment: gstg, workflow_label: staging}
          - {name: gprd, gitlab_environment: gprd, workflow_label: production}
          - {name: gcny, gitlab_environment: gprd-cny, workflow_label: canary}
        plan:
          - {kind: migrate, environment: gstg, variables: {DEPLOY_ENVIRONMENT: gprd, PDM_ATTEMPT: "1"}}
          - {kind: migrate, environment: gprd}
          - {kind: qa, environment: gstg}
        """);

    List<String> problems = problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));

    assertThat(problems).containsExactlyInAnyOrder(
        "environments[2].tier: staging or production (required: workflow_label 'canary' names neither)",
        "plan[0].variables.DEPLOY_ENVIRONMENT: no DEPLOY_ENVIRONMENT: pdm sets DEPLOY_ENVIRONMENT and QA_ENVIRONMENT itself"
            + " from the stage, so that a pipeline always migrates the environment its stage names (got gprd)",
        "plan[0].variables.PDM_ATTEMPT: no PDM_ATTEMPT: pdm sets the PDM_* markers itself from the stage, so that a"
            + " pipeline always migrates the environment its stage names (got 1)",
        "plan[1]: migrates production, so it must come after a migrate stage and then a qa stage on staging environments;"
            + " expected those stages earlier in the plan (got migrate-gprd)");
  }

  @Test
  void refusesOrchestrationTimesThatCannotKeepATriggerSafe() throws IOException {
    Path f = file("""
        gitlab: {url: https://gitlab.example.com, token: t, request_timeout_seconds: 60}
        orchestrator: {lease_seconds: 6, tick_seconds: 3, trigger_quiet_period_seconds: 60}
        """);

    List<String> problems = problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("orchestrator.tick_seconds: at most a third of orchestrator.lease_seconds (6)");
    assertThat(problems.get(1)).startsWith("orchestrator.trigger_quiet_period_seconds: more than"
        + " gitlab.request_timeout_seconds + orchestrator.lease_seconds (66)");
  }

  @Test
  void theIncidentWorkflowsLabelsAndReleaseManagersHaveDefaultsAndAreChecked() throws IOException {
    PdmConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    PdmConfig fromEnvironment = ConfigLoader.load(Optional.empty(), Map.of("PDM_RELEASE_MANAGERS",
        "fatima-haddad,@emil-larsen", "PDM_RELEASE_MANAGERS_GROUP", "gitlab-org/release/managers"), Map.of());
    Path f = file("""
        triage: {deployment_blocker_label: "deploys blocked"}
        checks: {incident_labels: ["severity::1"]}
        release_managers: [fatima-haddad, "not a user"]
        """);

    List<String> problems = problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));
    PdmConfig ownLabel = ConfigLoader.load(Optional.of(file("triage: {deployment_blocker_label: \"deploys"
        + " blocked\"}\n")), Map.of(), Map.of());

    assertThat(defaults.triage().deploymentBlockerLabel()).isEqualTo("blocks deployments");
    assertThat(defaults.triage().resolvedLabel()).isEqualTo("Incident::Resolved");
    assertThat(defaults.releaseManagers().usernames()).isEmpty();
    assertThat(fromEnvironment.releaseManagers().usernames()).containsExactly("fatima-haddad", "emil-larsen");
    assertThat(fromEnvironment.releaseManagers().group()).contains("gitlab-org/release/managers");
    assertThat(problems).containsExactly("release_managers[1]: a GitLab username such as alice-nguyen (got not a"
        + " user)");
    assertThat(ownLabel.checks().incidentLabels()).containsExactly("severity::1", "severity::2", "blocks deployments",
        "deploys blocked");
  }

  @Test
  void metricsAndLoggingAreReadWithTheirSecretHiddenAndTheirMistakesNamed() throws IOException {
    PdmConfig config = ConfigLoader.load(Optional.of(file("""
        metrics: {port: 9090}
        logging: {format: json}
        """)), Map.of("PDM_METRICS_TOKEN", "scrape-me-please"), Map.of());
    assertThat(config.metrics().port()).isEqualTo(9090);
    assertThat(config.metrics().token()).hasValueSatisfying(t -> assertThat(t.reveal()).isEqualTo("scrape-me-please"));
    assertThat(config.logging().format()).isEqualTo(PdmConfig.LogFormat.JSON);
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).logging().format())
        .isEqualTo(PdmConfig.LogFormat.TEXT);

    Path wrong = file("""
        server: {port: 8080}
        metrics: {port: 8080, token: hidden-metrics-token}
        logging: {format: xml}
        """);
    List<String> problems = problems(() -> ConfigLoader.load(Optional.of(wrong), Map.of(), Map.of()));
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("metrics.port: a port other than server.port");
    assertThat(problems.get(1)).startsWith("logging.format:").contains("text").contains("json");
    assertThat(String.join("\n", problems)).doesNotContain("hidden-metrics-token");
  }

  @Test
  void anUnknownKeyIsAnErrorThatNamesTheKnownOnes() throws IOException {
    Path f = file("""
        server: {prot: 8080}
        gitlab_url: https://gitlab.com
        """);

    List<String> problems = problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("server.prot: unknown key (expected one of: data_dir, host, idle_timeout_seconds, port");
    assertThat(problems.get(1)).startsWith("gitlab_url: unknown key (expected one of: auth, budgets, chat, checks");
  }

  @Test
  void wrongTypesAndEnumsAreNamed() throws IOException {
    Path f = file("""
        server: [1, 2]
        polling: {active_interval_seconds: soon}
        plan:
          - {kind: deploy, environment: gstg}
        auth:
          tokens:
            - {name: bob, role: admin, hash: plain-text-token}
        """);

    List<String> problems = problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));

    assertThat(problems).contains(
        "server: a mapping of keys to values (got a list)",
        "polling.active_interval_seconds: a whole number from 1 to 3600 (got soon)",
        "plan[0].kind: one of migrate, qa (got deploy)",
        "auth.tokens[0].role: one of viewer, operator (got admin)");
    assertThat(problems).anyMatch(p -> p.startsWith("auth.tokens[0].hash: sha256:") && !p.contains("plain-text-token"));
  }

  @Test
  void secretsNeverAppearInProblems() throws IOException {
    Path f = file("""
        database: {url: "mysql://root:hunter2@db/pdm"}
        chat:
          webhooks: [{name: x, url: "not a url hunter3"}]
        """);

    List<String> problems = problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));

    assertThat(problems).hasSize(2).noneMatch(p -> p.contains("hunter"));
  }

  @Test
  void aMalformedDatabaseUrlIsDescribedWithoutItsPassword() throws IOException {
    Path f = file("database: {url: \"postgresql://pdm:hunter2#secret@db:5432/pdm\"}\n");

    assertThat(problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of())))
        .singleElement().asString()
        .startsWith("database.url: a postgresql://user:password@host:port/database URL")
        .endsWith("(got ******)")
        .doesNotContain("hunter2");
    assertThat(problems(() -> ConfigLoader.load(Optional.empty(),
        Map.of("PDM_DATABASE_URL", "postgresql://pdm:hunter2 secret@db/pdm"), Map.of())))
        .singleElement().asString().doesNotContain("hunter2");
  }

  @Test
  void aYamlErrorDoesNotQuoteTheFile() throws IOException {
    Path f = file("database:\n  url: postgresql://pdm:hunter2@db/pdm\n   oops: [\n");

    assertThat(problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of())))
        .singleElement().asString().contains("valid YAML at line").doesNotContain("hunter2");
  }

  @Test
  void aWebhookSecretNeedsSixteenCharacters() throws IOException {
    Path f = file("gitlab: {url: https://gitlab.com, token: t, webhook_secret: hunter2-short}\n");

    assertThat(problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of())))
        .containsExactly("gitlab.webhook_secret: at least 16 characters, e.g. from: openssl rand -hex 16"
            + " (got a secret of 13 characters)");
  }

  @Test
  void securityDefaultsAreOnAndEveryLimitIsAKey() throws IOException {
    PdmConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(defaults.triage().confidentialIncident()).isTrue();
    assertThat(defaults.triage().maxLogBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(defaults.server().trustForwardedHeaders()).isFalse();
    assertThat(defaults.server().https()).isFalse();

    Path f = file("""
        server: {public_url: "https://pdm.example.com", idle_timeout_seconds: 30, request_timeout_seconds: 10,
                 trust_forwarded_headers: true}
        triage: {confidential_incident: false, max_log_megabytes: 2}
        auth: {session_max_age_minutes: 60, session_idle_minutes: 5, failed_attempts_per_minute: 3,
               gitlab_reads_per_minute: 4, live_sessions_per_token: 2}
        """);
    PdmConfig config = ConfigLoader.load(Optional.of(f), Map.of(), Map.of());
    assertThat(config.server().https()).isTrue();
    assertThat(config.server().idleTimeoutSeconds()).isEqualTo(30);
    assertThat(config.server().requestTimeoutSeconds()).isEqualTo(10);
    assertThat(config.triage().confidentialIncident()).isFalse();
    assertThat(config.triage().maxLogBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(config.auth()).extracting(PdmConfig.Auth::sessionMaxAgeMinutes, PdmConfig.Auth::sessionIdleMinutes,
        PdmConfig.Auth::failedAttemptsPerMinute, PdmConfig.Auth::gitlabReadsPerMinute,
        PdmConfig.Auth::liveSessionsPerToken).containsExactly(60, 5, 3, 4, 2);
  }

  @Test
  void gitlabNeedsATokenOnceAUrlIsGiven() throws IOException {
    Path f = file("gitlab: {url: https://gitlab.com}\n");

    assertThat(problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of())))
        .containsExactly("gitlab.token: required when gitlab is configured (or set PDM_GITLAB_TOKEN)");
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws IOException {
    Path f = file("server: {port: 9090}\ngitlab: {url: https://gitlab.com}\n");

    PdmConfig config = ConfigLoader.load(Optional.of(f),
        Map.of("PDM_SERVER_PORT", "7070", "PDM_GITLAB_TOKEN", "t0k", "PDM_SERVER", "http://cli-only",
            "PDM_CHECKS_INCIDENT_LABELS", "severity::1, sev-1", "PDM_SERVER_DATA_DIR", "/env"),
        Map.of("server.data_dir", "/flag"));

    assertThat(config.server().port()).isEqualTo(7070);
    assertThat(config.server().dataDir()).isEqualTo("/flag");
    assertThat(config.gitlab().orElseThrow().token().reveal()).isEqualTo("t0k");
    assertThat(config.checks().incidentLabels()).as("the deployment blocker label always blocks")
        .containsExactly("severity::1", "sev-1", "blocks deployments");
  }

  @Test
  void aBadOverrideIsNamedByItsKey() {
    assertThat(problems(() -> ConfigLoader.load(Optional.empty(), Map.of("PDM_SERVER_PORT", "eighty"), Map.of())))
        .containsExactly("server.port: a whole number from 0 to 65535 (got eighty)");
  }

  @Test
  void unreadableOrInvalidYamlIsOneClearProblem() throws IOException {
    Path missing = dir.resolve("nope.yaml");
    assertThat(problems(() -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of())))
        .singleElement().asString().contains("nope.yaml: a readable file (NoSuchFileException");

    Path broken = file("server: {port: 80\n  oops: [\n");
    assertThat(problems(() -> ConfigLoader.load(Optional.of(broken), Map.of(), Map.of())))
        .singleElement().asString().contains("valid YAML at line");
  }

  @Test
  void duplicateEnvironmentsAndAPlanStartingWithQaAreRejected() throws IOException {
    Path f = file("""
        environments:
          - {name: gstg, gitlab_environment: gstg, workflow_label: staging}
          - {name: gstg, gitlab_environment: gstg2, workflow_label: staging}
        plan:
          - {kind: qa, environment: gstg}
        """);

    assertThat(problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()))).containsExactlyInAnyOrder(
        "environments[1].name: a name not used by another environment (got gstg)",
        "plan[0].kind: migrate: a run starts by migrating an environment (got qa)");
  }

  @Test
  void everyOverridableKeyHasItsVariable() {
    assertThat(ConfigLoader.overridableKeys())
        .containsEntry("PDM_GITLAB_WEBHOOK_SECRET", "gitlab.webhook_secret")
        .containsEntry("PDM_DATABASE_URL", "database.url")
        .doesNotContainKey("PDM_SERVER")
        .doesNotContainKey("PDM_TOKEN");
  }

  @Test
  void readsTheSlackAppAndMattermostCommands() throws IOException {
    Path f = file("""
        chat:
          slack:
            signing_secret: 8f742231b10e8888abcd99yyyzzz85a5
            bot_token: xoxb-17653672481-19874698323-pdxXQb
            channel: C0RELEASES
            users:
              - {slack_user_id: U0RM0001, name: emil-larsen, role: operator, gitlab_username: emil-larsen}
              - {slack_user_id: U0VW0001, name: chen-wei, role: viewer}
            user_groups: {operator: S0RELEASEMGRS}
            unknown_users: read
          mattermost:
            command_token: xr3j5x3p4pfjpfjpfjpfjpfjpf
            users: [{user_id: 4xp9fdt8pbgium38k7k4bcbx8a, name: emil-larsen, role: operator}]
        """);

    PdmConfig.Chat chat = ConfigLoader.load(Optional.of(f), Map.of(), Map.of()).chat();

    PdmConfig.Slack slack = chat.slack().orElseThrow();
    assertThat(slack.posts()).isTrue();
    assertThat(slack.signingSecret().orElseThrow().reveal()).isEqualTo("8f742231b10e8888abcd99yyyzzz85a5");
    assertThat(slack.apiUrl()).isEqualTo("https://slack.com/api");
    assertThat(slack.command()).isEqualTo("/pdm");
    assertThat(slack.users()).extracting(PdmConfig.ChatUser::userId, PdmConfig.ChatUser::role)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("U0RM0001", Role.OPERATOR),
            org.assertj.core.groups.Tuple.tuple("U0VW0001", Role.VIEWER));
    assertThat(slack.users().get(0).gitlabUsername()).contains("emil-larsen");
    assertThat(slack.userGroups()).containsExactly(Map.entry(Role.OPERATOR, "S0RELEASEMGRS"));
    assertThat(slack.unknownUsers()).isEqualTo(PdmConfig.UnknownUsers.READ);
    assertThat(chat.mattermost().orElseThrow().users()).singleElement()
        .extracting(PdmConfig.ChatUser::name).isEqualTo("emil-larsen");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).chat().slack()).isEmpty();
  }

  @Test
  void slackProblemsAreNamedWithoutShowingItsSecrets() throws IOException {
    Path f = file("""
        chat:
          slack:
            bot_token: xoxb-hunter2
            channel: "#releases"
            users:
              - {slack_user_id: steve, name: steve}
              - {slack_user_id: U0RM0001, name: emil, role: admin}
            user_groups: {operator: releasers}
          mattermost: {users: []}
        """);

    assertThat(problems(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()))).containsExactlyInAnyOrder(
        "chat.slack.channel: a Slack channel id such as C0123ABCD (chat.update needs the id, not the name) "
            + "(got #releases)",
        "chat.slack.users[0].slack_user_id: a user id such as U0123ABCD (got steve)",
        "chat.slack.users[0].role: required: viewer or operator",
        "chat.slack.users[1].role: one of viewer, operator (got admin)",
        "chat.slack.user_groups.operator: a Slack user group id such as S0614TZR7 (got releasers)",
        "chat.mattermost.command_token: the slash command's token, required when chat.mattermost is configured")
        .noneMatch(p -> p.contains("hunter2"));
  }

  @Test
  void slackSecretsCanComeFromTheEnvironment() {
    PdmConfig config = ConfigLoader.load(Optional.empty(), Map.of("PDM_CHAT_SLACK_SIGNING_SECRET", "s3cret",
        "PDM_CHAT_SLACK_BOT_TOKEN", "xoxb-1", "PDM_CHAT_SLACK_CHANNEL", "C0RELEASES"), Map.of());

    assertThat(config.chat().slack().orElseThrow().botToken().orElseThrow().reveal()).isEqualTo("xoxb-1");
    assertThat(config.chat().slack().orElseThrow().toString()).doesNotContain("s3cret").doesNotContain("xoxb-1");
    assertThat(ConfigLoader.overridableKeys()).containsEntry("PDM_CHAT_MATTERMOST_COMMAND_TOKEN",
        "chat.mattermost.command_token");
  }
}
