package dev.pdm.core.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.executed.ExecutedSubject;
import dev.pdm.core.run.MitigationKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text after {@code /pdm}: pdm's commands and the release runbook's words. */
class ChatCommandParserTest {
  private final ChatCommandParser parser = new ChatCommandParser("/pdm");

  private ChatCommand command(String text) {
    ChatCommandParser.Parsed parsed = parser.parse(text);
    assertThat(parsed.problem()).as(text).isEmpty();
    return parsed.command().orElseThrow();
  }

  private String problem(String text) {
    return parser.parse(text).problem().orElseThrow(() -> new AssertionError("accepted: " + text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "status|Status", "post_deploy_migrations status|Status", "run post_deploy_migrations status|Status",
      "execute|Execute", "post_deploy_migrations execute|Execute", "run post_deploy_migrations execute|Execute",
      "'  EXECUTE  '|Execute", "''|Help", "help|Help"})
  void acceptsPdmsWordsAndTheRunbooks(String text, String kind) {
    assertThat(command(text).getClass().getSimpleName()).isEqualTo(kind);
  }

  @Test
  void executeConfirmStartsWithoutAPreview() {
    assertThat(command("execute confirm")).isEqualTo(new ChatCommand.Execute(true));
    assertThat(command("execute")).isEqualTo(new ChatCommand.Execute(false));
  }

  @Test
  void autoDeployStatusAsksWasItExecutedAboutTheSha() {
    ChatCommand.Executed executed = (ChatCommand.Executed) command("run auto_deploy status DF7237CD4B6");
    assertThat(executed.subject()).isEqualTo(new ExecutedSubject(Optional.of("df7237cd4b6"), Optional.empty()));
    assertThat(command("executed !171204")).isEqualTo(new ChatCommand.Executed(
        new ExecutedSubject(Optional.empty(), Optional.of(171204L))));
    assertThat(command("executed https://gitlab.com/gitlab-org/gitlab/-/merge_requests/171204")).isEqualTo(
        new ChatCommand.Executed(new ExecutedSubject(Optional.empty(), Optional.of(171204L))));
  }

  @Test
  void keepsTheReasonAsTyped() {
    assertThat(command("retry migrate-gstg  the table was dropped by hand,  see #incident-3")).isEqualTo(
        new ChatCommand.Retry("migrate-gstg", "the table was dropped by hand,  see #incident-3"));
    assertThat(command("cancel stopping for today")).isEqualTo(new ChatCommand.Cancel("stopping for today"));
    assertThat(command("abandon migrate-gprd pipeline lost, see the incident")).isEqualTo(
        new ChatCommand.Abandon("migrate-gprd", "pipeline lost, see the incident"));
    assertThat(command("mitigate migrate-gstg mark-complete backfilled by hand")).isEqualTo(
        new ChatCommand.Mitigate("migrate-gstg", MitigationKind.MARK_COMPLETE, "backfilled by hand"));
    assertThat(command("block migrate-gstg yes gprd would fail the same way")).isEqualTo(
        new ChatCommand.Block("migrate-gstg", true, "gprd would fail the same way"));
    assertThat(command("block migrate-gstg No  only gstg has the table")).isEqualTo(
        new ChatCommand.Block("migrate-gstg", false, "only gstg has the table"));
    assertThat(command("run 1b3464d2-3f8c-4cd9-8e92-d04dca210467")).isEqualTo(
        new ChatCommand.ShowRun(Optional.of("1b3464d2-3f8c-4cd9-8e92-d04dca210467")));
  }

  @Test
  void decisionsNeedTheOperatorRoleAndReadingDoesNot() {
    assertThat(command("retry migrate-gstg why").access()).isEqualTo(ChatCommand.Access.OPERATE);
    assertThat(command("abandon migrate-gstg why").access()).isEqualTo(ChatCommand.Access.OPERATE);
    assertThat(command("block migrate-gstg yes why").access()).isEqualTo(ChatCommand.Access.OPERATE);
    assertThat(command("execute").access()).isEqualTo(ChatCommand.Access.OPERATE);
    assertThat(command("status").access()).isEqualTo(ChatCommand.Access.READ);
    assertThat(command("executed !1").access()).isEqualTo(ChatCommand.Access.READ);
  }

  @Test
  void aDecisionWithoutAReasonIsAProblemThatShowsHowToWriteIt() {
    assertThat(problem("retry migrate-gstg")).isEqualTo(
        "usage: /pdm retry <stage> <reason…> (got /pdm retry migrate-gstg)");
    assertThat(problem("cancel")).isEqualTo("usage: /pdm cancel <reason…> (got /pdm cancel)");
    assertThat(problem("abandon migrate-gstg")).isEqualTo(
        "usage: /pdm abandon <stage> <reason…> (got /pdm abandon migrate-gstg)");
    assertThat(problem("block migrate-gstg maybe it does")).isEqualTo(
        "usage: /pdm block <stage> <yes | no> <reason…> (got /pdm block migrate-gstg maybe it does)");
    assertThat(problem("block migrate-gstg yes")).isEqualTo(
        "usage: /pdm block <stage> <yes | no> <reason…> (got /pdm block migrate-gstg yes)");
    assertThat(problem("mitigate migrate-gstg sideways because")).isEqualTo(
        "kind: expected noop, mark-complete or other (got sideways)");
  }

  @Test
  void unknownWordsAndBadSubjectsAreNamed() {
    assertThat(problem("deploy now")).isEqualTo("command: expected one of status, execute, executed, run, retry, "
        + "abandon, block, cancel, mitigate, help (got deploy); try /pdm help");
    assertThat(problem("executed xyz")).startsWith("subject: expected a commit SHA").endsWith("(got xyz)");
    assertThat(problem("auto_deploy rollback")).isEqualTo(
        "usage: /pdm auto_deploy status <sha> (got /pdm auto_deploy rollback)");
    assertThat(problem("execute now")).isEqualTo("usage: /pdm execute [confirm] (got /pdm execute now)");
  }
}
