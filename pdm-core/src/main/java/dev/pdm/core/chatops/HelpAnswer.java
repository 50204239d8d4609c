package dev.pdm.core.chatops;

import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import java.util.List;

/** {@code help}: the commands, the runbook's words pdm accepts, and what the asker may do. */
public final class HelpAnswer {
  private HelpAnswer() {
  }

  /** {@code whoYouAre} says who pdm takes the asker for and with which role. */
  public static ChatAnswer of(String slashCommand, String whoYouAre) {
    String c = slashCommand + " ";
    return new ChatAnswer("pdm: post-deploy migrations from chat", List.of(
        new Part.Lines(List.of(
            command(c + "status", "per environment: the package running, pending migrations, the checks; the active "
                + "run"),
            command(c + "execute", "what would run where and the checks, with Run / Cancel buttons (operators)"),
            command(c + "executed <sha | !mr | merge request URL>", "has it run on staging / production? (deployments, "
                + "labels, pdm's runs)"),
            command(c + "run [id]", "a run's stages and triage (default: the active run, else the newest)"),
            command(c + "retry <stage> <reason…>", "retry a failed stage of the active run (operators)"),
            command(c + "abandon <stage> <reason…>", "give up the stage in progress; the run ends failed, no pipeline is"
                + " canceled (operators)"),
            command(c + "mitigate <stage> <noop | mark-complete | other> <reason…>", "record a mitigation "
                + "(operators)"),
            command(c + "block <stage> <yes | no> <reason…>", "does the stage's failure block deployments? yes labels"
                + " its incident; either way it is noted there (operators)"),
            command(c + "cancel <reason…>", "cancel the active run (operators)"),
            command(c + "help", "this"))),
        new Part.Lines(List.of(Line.labelled("Runbook words", new Span.Code("post_deploy_migrations execute"),
            new Span.Text(", "), new Span.Code("post_deploy_migrations status"), new Span.Text(", "),
            new Span.Code("auto_deploy status <sha>"), new Span.Text(" (with or without a leading "),
            new Span.Code("run"), new Span.Text(")")))),
        new Part.SmallPrint(List.of(Line.text(whoYouAre)))), List.of());
  }

  private static Line command(String usage, String what) {
    return Line.of(new Span.Code(usage), new Span.Text(" — " + what));
  }
}
