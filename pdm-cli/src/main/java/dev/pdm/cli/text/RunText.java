package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A run as text: its header, its stages, the triage of failed stages, its audit trail and its events. */
public record RunText(Style style, Times times) {
  /** Stage statuses that never change again: what their trigger waited for will not come. */
  private static final List<String> FINAL = List.of("SUCCEEDED", "CANCELED", "SKIPPED", "ABANDONED");
  /** How a decision that ended a stage reads after "by ACTOR". */
  private static final Map<String, String> DECIDED = Map.of("ABANDON", "abandoned",
      "QA_FAILURE_OVERRIDDEN", "QA failure overridden", "MITIGATION_NOOP", "resolved (migration made a no-op)",
      "MITIGATION_MARK_COMPLETE", "resolved (marked complete)");

  /** Run statuses (API and state machine spellings alike) after which nothing happens without a person. */
  public static boolean settled(String status) {
    return List.of("SUCCEEDED", "FAILED", "CANCELED", "BLOCKED", "WAITING_FOR_DECISION")
        .contains(status.toUpperCase(Locale.ROOT));
  }

  /** {@code pdm runs}: one line per run. */
  public String list(JsonNode runs) {
    Table table = new Table("ID", "STATUS", "REQUESTED BY", "CREATED", "UPDATED");
    runs.path("runs").forEach(run -> table.row(run.path("id").asText(), style.status(run.path("status").asText()),
        run.path("requested_by").asText(), times.at(run.path("created_at").asText()),
        times.at(run.path("updated_at").asText())));
    return table.isEmpty() ? "No runs.\n" : table.render("");
  }

  /** {@code pdm run ID}: everything known about the run, with its events. */
  public String details(JsonNode run, JsonNode events) {
    StringBuilder out = new StringBuilder(header(run));
    out.append('\n').append(stages(run.path("state").path("run")));
    out.append(triage(run.path("state").path("triage")));
    out.append(incidents(run.path("state").path("incidents")));
    if (!run.path("audit").isEmpty()) {
      out.append('\n').append(style.bold("Audit")).append('\n');
      Table audit = new Table("AT", "ACTOR", "ACTION", "REASON");
      run.path("audit").forEach(entry -> audit.row(times.at(entry.path("at").asText()), entry.path("actor").asText(),
          entry.path("action").asText(), value(entry.path("reason"))));
      out.append(audit.render("  "));
    }
    out.append('\n').append(style.bold("Events")).append('\n');
    Table table = new Table("SEQ", "AT", "EVENT", "DETAIL");
    events.path("events").forEach(event -> table.row(event.path("seq").asText(), times.at(event.path("at").asText()),
        event.path("type").asText(), EventSummary.of(event.path("type").asText(), event.path("payload"))));
    return out.append(table.render("  ")).toString();
  }

  /** {@code Run ID: status}, who asked for it and when. */
  public String header(JsonNode run) {
    return style.bold("Run " + run.path("id").asText()) + ": " + style.status(run.path("status").asText()) + "\n"
        + "  requested by " + run.path("requested_by").asText() + ", created " + times.at(
        run.path("created_at").asText()) + ", updated " + times.at(run.path("updated_at").asText()) + "\n";
  }

  /** One line per stage of a state machine run: id, status, duration, attempt's pipeline/job, failing checks. */
  public String stages(JsonNode machineRun) {
    StringBuilder out = new StringBuilder(stageTable(machineRun));
    stageNotes(machineRun).forEach(note -> out.append(note).append('\n'));
    return out.toString();
  }

  /** The table of {@link #stages}: per stage its id, status, duration, attempt and the attempt's pipeline/job link. */
  public String stageTable(JsonNode machineRun) {
    Table table = new Table("STAGE", "STATUS", "DURATION", "ATTEMPT", "LINK");
    machineRun.path("stages").forEach(stage -> {
      JsonNode attempt = lastAttempt(stage);
      String link = attempt.path("job").path("web_url").asText(attempt.path("pipeline").path("web_url").asText(""));
      table.row(stage.path("spec").path("id").asText(), style.status(stage.path("status").asText()),
          times.duration(stage.path("started_at").asText(), stage.path("finished_at").asText()),
          attempt.has("number") ? "#" + attempt.path("number").asText() : "", link);
    });
    return table.render("  ");
  }

  /**
   * The notes under the table of {@link #stages}: each failing check, where the pipeline creation of a stage's last
   * attempt stands (with the choices of a trigger in doubt), each failure of a stage's last attempt, and the decision
   * that abandoned a stage or resolved its failure.
   */
  public List<String> stageNotes(JsonNode machineRun) {
    List<String> notes = new ArrayList<>();
    machineRun.path("stages").forEach(stage -> {
      String id = stage.path("spec").path("id").asText();
      stage.path("checks").forEach(check -> {
        if (!"PASS".equals(check.path("outcome").asText())) {
          notes.add("  " + id + ": check " + check.path("name").asText() + " " + style.status(
              check.path("outcome").asText()) + ": " + String.join(" ", texts(check.path("reasons"))));
        }
      });
      trigger(stage).ifPresent(note -> notes.add("  " + id + ": " + note));
      if ("TRIGGER_UNCERTAIN".equals(stage.path("status").asText())) {
        notes.addAll(choices(machineRun.path("id").asText(), stage));
      }
      JsonNode attempt = lastAttempt(stage);
      if (attempt.path("failure").isObject()) {
        notes.add("  " + id + ": " + style.red(attempt.path("failure").path("detail").asText()));
      }
      decision(machineRun, stage).ifPresent(note -> notes.add("  " + id + ": " + note));
    });
    return notes;
  }

  /**
   * Where the pipeline creation of the stage's last attempt stands, until a pipeline is known: sent and waiting for
   * GitLab's answer, refused by GitLab (sent again later), withdrawn, or in doubt (a person decides). The same text
   * however often it is printed, so that a change shows as a change.
   */
  public Optional<String> trigger(JsonNode stage) {
    JsonNode attempt = lastAttempt(stage);
    JsonNode trigger = attempt.path("trigger");
    if (!trigger.isObject() || attempt.path("pipeline").isObject()) {
      return Optional.empty();
    }
    JsonNode send = trigger.path("last_send");
    boolean over = FINAL.contains(stage.path("status").asText());
    if (trigger.path("uncertain").isTextual()) {
      return Optional.of((over ? "whether GitLab created the pipeline was never known"
          : style.yellow("needs a person") + ": pdm cannot tell whether GitLab created the pipeline") + " ("
          + trigger.path("uncertain").asText() + ")");
    }
    if (trigger.path("withdrawn").isTextual()) {
      return Optional.of("trigger withdrawn: " + trigger.path("withdrawn").asText());
    }
    if (trigger.path("awaiting_answer").asBoolean() && send.isObject()) {
      int number = send.path("send").asInt();
      return Optional.of("pipeline creation " + (number > 1 ? "#" + number + " " : "") + "sent to "
          + send.path("project").asText() + " on " + send.path("ref").asText() + " at " + times.absolute(
          send.path("at").asText()) + (over ? "; GitLab's answer never came" : "; waiting for GitLab's answer"));
    }
    if (trigger.path("last_refusal").isTextual() && "TRIGGERING".equals(stage.path("status").asText())) {
      return Optional.of("GitLab refused the pipeline creation (" + trigger.path("last_refusal").asText()
          + "); nothing was created, pdm will send it again");
    }
    return Optional.empty();
  }

  /** What a person can do about a trigger in doubt: where to look, and the command of each choice. */
  private List<String> choices(String runId, JsonNode stage) {
    String id = stage.path("spec").path("id").asText();
    JsonNode attempt = lastAttempt(stage);
    String where = attempt.path("trigger").path("last_send").path("project").asText("its project");
    String run = runId + " --stage " + id;
    List<String> lines = new ArrayList<>(List.of("  " + id + ": look in GitLab for a pipeline of " + where
        + " carrying PDM_TRIGGER=" + runId + "/" + id + "/" + attempt.path("number").asText() + ", then choose:"));
    new Table("pdm adopt " + run + " --pipeline N --reason TEXT", "(you found it)")
        .row("pdm trigger-again " + run + " --reason TEXT", "(GitLab has none)")
        .row("pdm abandon " + run + " --reason TEXT", "(give the stage up: the run ends failed)")
        .render("    ").lines().forEach(lines::add);
    return lines;
  }

  /** Who abandoned the stage, or resolved its failure (a mitigation, a QA override), and why. */
  private static Optional<String> decision(JsonNode machineRun, JsonNode stage) {
    JsonNode decision = stage.path("resolution");
    if ("ABANDONED".equals(stage.path("status").asText())) {
      for (JsonNode taken : machineRun.path("decisions")) {
        if ("ABANDON".equals(taken.path("kind").asText()) && taken.path("stage_id").asText().equals(
            stage.path("spec").path("id").asText())) {
          decision = taken;
        }
      }
    }
    if (!decision.isObject()) {
      return Optional.empty();
    }
    String kind = decision.path("kind").asText();
    return Optional.of(DECIDED.getOrDefault(kind, kind.toLowerCase(Locale.ROOT).replace('_', ' ')) + " by "
        + decision.path("actor").asText() + ": " + decision.path("reason").asText() + link(decision.path("link")));
  }

  private static JsonNode lastAttempt(JsonNode stage) {
    JsonNode attempts = stage.path("attempts");
    return attempts.isEmpty() ? attempts : attempts.get(attempts.size() - 1);
  }

  /** The triage of every failed stage: the migration, the error, its file, MR, author and approving maintainer. */
  public String triage(JsonNode triageByStage) {
    StringBuilder out = new StringBuilder();
    triageByStage.fields().forEachRemaining(entry -> out.append('\n').append(style.bold("Triage of " + entry.getKey()
        + " (attempt " + entry.getValue().path("attempt").asText() + ")")).append('\n').append(
        report(entry.getValue().path("report"), entry.getValue().path("incident_url"))));
    return out.toString();
  }

  /** A triage report (failed migration, error, file, MR, people, kind, links), with its incident when there is one. */
  public String report(JsonNode report, JsonNode incidentUrl) {
    JsonNode failed = report.path("failed");
    JsonNode mr = report.path("merge_request");
    Table table = new Table("failed migration:", style.red(failed.path("version").asText() + " "
        + failed.path("class_name").asText()));
    table.row("error:", failed.path("error_class").asText() + ": " + failed.path("error_message").asText());
    table.row("file:", value(report.path("file_path")) + link(report.path("file_url")));
    if (mr.isObject()) {
      table.row("merge request:", "!" + mr.path("iid").asText() + " " + mr.path("title").asText()
          + link(mr.path("web_url")));
    }
    table.row("author:", handle(report.path("author")));
    table.row("approved by:", approver(report.path("approver")));
    table.row("kind:", value(report.path("classification").path("kind")));
    table.row("job:", value(report.path("job_url")));
    if (!incidentUrl.isMissingNode()) {
      table.row("incident:", value(incidentUrl));
    }
    if (!report.path("gaps").isEmpty()) {
      table.row("not found:", String.join("; ", texts(report.path("gaps"))));
    }
    return table.render("  ");
  }

  /** Each failed stage's incident workflow: the decisions so far, the open items first, then the timeline. */
  public String incidents(JsonNode workflowsByStage) {
    StringBuilder out = new StringBuilder();
    workflowsByStage.fields().forEachRemaining(entry -> {
      JsonNode workflow = entry.getValue();
      out.append('\n').append(style.bold("Incident workflow of " + entry.getKey())).append("  ")
          .append(workflow.path("subject").path("incident").path("web_url").asText()).append('\n');
      Table facts = new Table("blocks deployments:", block(workflow.path("block")));
      facts.row("plan:", plan(workflow.path("plan")));
      if (workflow.path("resolution").isObject()) {
        facts.row("incident:", "resolved (" + workflow.path("resolution").path("how").asText() + ")");
      }
      out.append(facts.render("  "));
      List<String> open = texts(workflow.path("open_items"));
      out.append("  ").append(style.bold(open.isEmpty() ? "Open items: none" : "Open items:")).append('\n');
      open.forEach(item -> out.append("  - ").append(item).append('\n'));
      Table timeline = new Table("AT", "BY", "STEP");
      workflow.path("timeline").forEach(step -> timeline.row(times.at(step.path("at").asText()),
          step.path("actor").asText(), step.path("text").asText() + noteState(step)));
      out.append(timeline.render("  "));
    });
    return out.toString();
  }

  private static String noteState(JsonNode step) {
    if (!step.path("noted").asBoolean()) {
      return "";
    }
    return step.path("note_posted").asBoolean() ? " (noted on the incident)" : step.path("note_error").isTextual()
        ? " (note refused by GitLab: " + step.path("note_error").asText() + ")" : " (noting…)";
  }

  private static String block(JsonNode block) {
    if (!block.isObject()) {
      return "not decided";
    }
    return (block.path("blocks").asBoolean() ? block.path("lifted_at").isTextual() ? "yes (lifted)" : "yes" : "no")
        + " — " + block.path("actor").asText() + ": " + block.path("reason").asText();
  }

  private static String plan(JsonNode plan) {
    if (!plan.isObject()) {
      return "not agreed";
    }
    String target = plan.path("merge_request").isObject() ? " !" + plan.path("merge_request").path("iid").asText()
        + " (" + plan.path("merge_request").path("state").asText() + ")"
        : plan.path("mark_complete").isObject() ? " #" + plan.path("mark_complete").path("iid").asText() + " ("
        + plan.path("mark_complete").path("state").asText() + ")" : "";
    return plan.path("kind").asText().toLowerCase(Locale.ROOT).replace('_', '-') + target + " — "
        + plan.path("actor").asText() + ": " + plan.path("reason").asText();
  }

  private static String approver(JsonNode approver) {
    if (!approver.isObject()) {
      return "-";
    }
    String how = "ADDED_LABEL".equals(approver.path("how").asText()) ? "added the database::approved label"
        : "approved the merge request";
    return "@" + approver.path("username").asText() + " (database maintainer, " + how + ")";
  }

  private static String handle(JsonNode user) {
    return user.isTextual() ? "@" + user.asText() : "-";
  }

  private static String link(JsonNode url) {
    return url.isTextual() ? "  " + url.asText() : "";
  }

  static String value(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "-" : node.asText();
  }

  /** The items of a JSON array as strings. */
  public static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.toString()));
    return texts;
  }
}
