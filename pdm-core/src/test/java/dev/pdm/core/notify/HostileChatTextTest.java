package dev.pdm.core.notify;

import static dev.pdm.core.notify.ChatMessageRendererTest.PDM_URL;
import static dev.pdm.core.notify.ChatMessageRendererTest.RENDERER;
import static dev.pdm.core.notify.ChatMessageRendererTest.context;
import static dev.pdm.core.notify.ChatMessageRendererTest.render;
import static dev.pdm.core.notify.ChatMessageRendererTest.sections;
import static dev.pdm.core.notify.NotifyingRun.STAGING;
import static dev.pdm.core.notify.NotifyingRun.fail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.CheckVerdict;
import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.MitigationKind;
import dev.pdm.core.run.NotificationKind;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Text from GitLab and operators cannot mention people, open links or break Slack's limits. */
class HostileChatTextTest {

  static final String HOSTILE = "<!channel> deploy now <@U123ABC> <https://evil.example|click here> & @here";

  @Test
  void aCheckReasonCannotMentionTheChannelOrOpenALink() {
    NotifyingRun given = NotifyingRun.standard();
    given.checks(fail("active-incident", HOSTILE, "https://gitlab.example/incidents/42"));

    ChatMessage message = render(given, NotificationKind.RUN_BLOCKED);

    assertThat(message.toSlackJson().toString())
        .doesNotContain("<!channel>", "<@U123ABC>", "<https://evil.example", "@here")
        .contains("&lt;!channel&gt; deploy now &lt;@\u200BU123ABC&gt; &lt;https://evil.example|click here&gt; &amp;"
            + " @\u200Bhere");
    assertThat(message.text()).doesNotContain("<!channel>", "<@U123ABC>", "<https://evil.example");
  }

  @Test
  void anErrorCannotCloseItsCodeBlock() {
    NotifyingRun given = NotifyingRun.stagingTriggerFailed("500 Internal Server Error ```\n*<!here>* outside the block");

    String failure = sections(render(given, NotificationKind.STAGE_FAILED));

    assertThat(failure.split("```", -1)).as("code fences in %s", failure).hasSize(3);
    assertThat(failure).contains("ˋˋˋ").doesNotContain("<!here>");
  }

  @Test
  void aHugeErrorIsCutToSlacksSectionLimit() {
    NotifyingRun given = NotifyingRun.stagingTriggerFailed("PG::QueryCanceled & " + "x".repeat(10_000));

    ChatMessage message = render(given, NotificationKind.STAGE_FAILED);

    ChatBlock.Section error = (ChatBlock.Section) message.blocks().get(2);
    assertThat(error.mrkdwn()).hasSizeLessThanOrEqualTo(3000).endsWith("x" + MrkdwnText.ELLIPSIS + "```").contains("&amp;");
    assertThat(message.text()).hasSizeLessThan(1000);
  }

  @Test
  void manyFailingChecksAreCountedInsteadOfOverflowing() {
    NotifyingRun given = NotifyingRun.standard();
    given.checks(IntStream.range(0, 300)
        .mapToObj(i -> fail("check-" + i, "reason " + i + " " + "y".repeat(40), "https://gitlab.example/incidents/" + i))
        .toArray(CheckVerdict[]::new));

    ChatBlock.Section reasons = (ChatBlock.Section) render(given, NotificationKind.RUN_BLOCKED).blocks().get(2);

    assertThat(reasons.mrkdwn()).hasSizeLessThanOrEqualTo(3000).startsWith("*Blocked by:*\n• check-0 FAIL")
        .containsPattern("\n… and \\d+ more$");
  }

  @Test
  void aPipelineUrlCarryingSlackSyntaxCannotBreakOutOfItsLink() {
    NotifyingRun given = NotifyingRun.standard();
    given.checks(NotifyingRun.pass("active-incident"));
    given.send(new PipelineTriggered(STAGING, 1, 501, "https://gitlab.example/p|<!channel>", false, given.tick()));

    List<String> links = context(render(given, NotificationKind.STAGE_STARTED));

    assertThat(links).contains("<https://gitlab.example/p%7C&lt;!channel&gt;|Pipeline #501 in GitLab>");
  }

  @Test
  void aLinkThatIsNotAWebAddressIsShownAsTextNotLinked() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();
    given.send(new MitigationRecorded(STAGING, "db-maintainer", MitigationKind.OTHER, "see doc",
        Optional.of("javascript:alert(<!channel>)"), given.tick()));

    List<String> links = context(render(given, NotificationKind.MITIGATION_RECORDED));

    assertThat(links).contains("Reference: javascript:alert(&lt;!channel&gt;)");
  }

  @ParameterizedTest
  @EnumSource(NotificationKind.class)
  void everyKindEscapesAndBoundsHostileText(NotificationKind kind) {
    NotifyingRun given = NotifyingRun.stagingRunning();
    String huge = HOSTILE + " " + "z".repeat(5_000);
    Notify notify = new Notify(kind, NotifyingRun.RUN_ID, Optional.of(STAGING), Optional.of("<@U999> " + huge),
        List.of(huge, huge, huge), Optional.of("https://gitlab.example/x|<!everyone>"));

    ChatMessage message = RENDERER.render(notify, given.run, PDM_URL);

    assertThat(message.toSlackJson().toString()).doesNotContain("<!channel>", "<!everyone>", "<@U", "<https://evil");
    assertThat(message.blocks()).allSatisfy(block -> assertThat(block.toSlackJson().toString()).hasSizeLessThan(7000));
    assertThat(sections(message)).contains("&lt;!channel&gt;");
  }
}
