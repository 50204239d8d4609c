package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;

/** Environments as text: packages, pending migrations, production checks, and the overview that gathers them. */
public record EnvironmentText(Style style, Times times) {
  /** {@code pdm overview}. */
  public String overview(JsonNode overview) {
    StringBuilder out = new StringBuilder();
    out.append("Plan: ").append(String.join(" → ", RunText.texts(overview.path("plan")))).append('\n');
    JsonNode active = overview.path("active_run");
    out.append("Active run: ").append(active.isObject() ? active.path("id").asText() + " " + style.status(
        active.path("status").asText()) : "none").append('\n');
    overview.path("environments").forEach(environment -> {
      out.append('\n').append(style.bold(environment.path("name").asText())).append("  (db environment ")
          .append(environment.path("db_environment").asText()).append(")\n");
      Table packages = new Table("PROJECT", "PACKAGE", "SHA", "DEPLOYED");
      environment.path("packages").forEach(pkg -> packages.row(pkg.path("project").asText(),
          pkg.path("problem").isTextual() ? style.red(pkg.path("problem").asText()) : pkg.path("ref").asText(),
          shortSha(pkg.path("sha")), times.at(pkg.path("deployed_at").asText())));
      out.append(packages.render("  "));
      out.append(pending(environment));
      out.append(checks(environment));
    });
    if (!overview.path("recent_runs").isEmpty()) {
      out.append('\n').append(style.bold("Recent runs")).append('\n');
      Table runs = new Table("ID", "STATUS", "CREATED");
      overview.path("recent_runs").forEach(run -> runs.row(run.path("id").asText(), style.status(
          run.path("status").asText()), times.at(run.path("created_at").asText())));
      out.append(runs.render("  "));
    }
    return out.toString();
  }

  /** {@code pdm pending}: each environment and its pending post-deploy migrations. */
  public String pendingByEnvironment(JsonNode answer) {
    StringBuilder out = new StringBuilder();
    answer.path("environments").forEach(environment -> out.append(style.bold(environment.path("name").asText()))
        .append('\n').append(pending(environment)));
    return out.toString();
  }

  /** {@code pdm checks}: each environment and its production checks. */
  public String checksByEnvironment(JsonNode answer) {
    StringBuilder out = new StringBuilder();
    answer.path("environments").forEach(environment -> out.append(style.bold(environment.path("name").asText()))
        .append('\n').append(checks(environment)));
    return out.toString();
  }

  /** {@code pdm executed}: per environment, what each source says. */
  public String executed(JsonNode answer) {
    StringBuilder out = new StringBuilder(style.bold(answer.path("subject").asText()));
    if (answer.path("sha").isTextual()) {
      out.append("  (").append(answer.path("sha").asText()).append(')');
    }
    out.append('\n');
    Table table = new Table("ENVIRONMENT", "SOURCE", "EXECUTED", "DETAIL", "LINK");
    answer.path("environments").forEach(environment -> environment.path("sources").forEach(source -> table.row(
        environment.path("environment").asText(), source.path("source").asText(), style.status(
            source.path("executed").asText()), RunText.value(source.path("detail")), RunText.value(source.path("link")))));
    return out.append(table.render("  ")).toString();
  }

  private String pending(JsonNode environment) {
    if (environment.path("pending_error").isTextual()) {
      return "  pending migrations: " + style.red("unknown: " + environment.path("pending_error").asText()) + "\n";
    }
    JsonNode pending = environment.path("pending");
    JsonNode migrations = pending.path("migrations");
    StringBuilder out = new StringBuilder("  pending migrations: " + migrations.size() + " (" + shortSha(
        pending.path("from_sha")) + ".." + shortSha(pending.path("to_sha")) + ")\n");
    Table table = new Table("VERSION", "MIGRATION", "MERGE REQUEST", "AUTHOR", "RISK", "ON STAGING");
    StringBuilder evidence = new StringBuilder();
    migrations.forEach(migration -> {
      JsonNode mr = migration.path("merge_request");
      JsonNode risk = migration.path("risk");
      String version = migration.path("file").path("version").asText();
      table.row(version, migration.path("file").path("class_name").asText(),
          mr.isObject() ? "!" + mr.path("iid").asText() + " " + mr.path("title").asText() : "-",
          mr.path("author").isTextual() ? "@" + mr.path("author").asText() : "-",
          risk.isObject() ? RiskText.kind(risk.path("kind").asText()) + (risk.path("risky").asBoolean() ? style.red(" ⚠ risky") : "")
              : "-",
          migration.path("staging_seconds").isNumber() ? RiskText.seconds(migration.path("staging_seconds").asDouble())
              + " (budget " + RiskText.seconds(migration.path("budget_seconds").asDouble()) + ")" : "not run on staging yet");
      evidence.append(RiskText.evidence(version, risk, style));
    });
    if (!table.isEmpty()) {
      out.append(table.render("    ")).append(evidence);
    }
    return out.toString();
  }

  private String checks(JsonNode environment) {
    if (environment.path("checks_error").isTextual()) {
      return "  checks: " + style.red("unknown: " + environment.path("checks_error").asText()) + "\n";
    }
    JsonNode checks = environment.path("checks");
    boolean mayProceed = checks.path("may_proceed").asBoolean();
    StringBuilder out = new StringBuilder("  checks: " + (mayProceed ? style.status("PASS") + " may proceed"
        : style.status("FAIL") + " may not proceed") + "\n");
    Table table = new Table("CHECK", "VERDICT", "REASONS");
    checks.path("results").forEach(check -> table.row(check.path("check").asText(), style.status(
        check.path("verdict").asText()), String.join(" ", RunText.texts(check.path("reasons")))));
    out.append(table.render("    "));
    checks.path("results").forEach(check -> {
      JsonNode allowed = check.path("inputs").path("next_allowed_at");
      if ("deploy-window".equals(check.path("check").asText()) && !"PASS".equals(check.path("verdict").asText())
          && allowed.isArray() && !allowed.isEmpty()) {
        out.append("    next allowed: ").append(times.at(allowed.get(0).asText())).append(" (deny window '")
            .append(check.path("inputs").path("window").path(0).asText()).append("')\n");
      }
    });
    return out.toString();
  }

  private static String shortSha(JsonNode sha) {
    return sha.isTextual() && sha.asText().length() > 11 ? sha.asText().substring(0, 11) : RunText.value(sha);
  }
}
