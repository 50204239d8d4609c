package dev.pdm.core.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.chatops.ChatAnswer.Action;
import dev.pdm.core.chatops.ChatAnswer.Line;
import dev.pdm.core.chatops.ChatAnswer.Part;
import dev.pdm.core.chatops.ChatAnswer.Span;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Answers as Mattermost markdown: GitLab's text cannot format, link or mention; buttons become commands. */
class MattermostMarkdownTest {

  @Test
  void escapesTextFromGitLabAndDefusesChannelMentions() {
    ChatAnswer answer = ChatAnswer.of("Run *1*", Line.of(new Span.Text("Title [click](http://evil) @channel **x**"),
        new Span.Link("javascript:alert(1)", "MR"), new Span.Text(" "), new Span.Link("https://gitlab.example.com/mr/1",
            "!1 [x]")));

    String text = MattermostMarkdown.render(answer);

    assertThat(text).startsWith("#### Run \\*1\\*")
        .contains("Title \\[click\\]\\(http://evil\\) @\u200Bchannel \\*\\*x\\*\\*")
        .contains("MR [\\!1 \\[x\\]](https://gitlab.example.com/mr/1)")
        .doesNotContain("javascript:");
  }

  @Test
  void showsButtonsAsTheCommandToTypeAndVerbatimTextAsCode() {
    ChatAnswer answer = new ChatAnswer("Ready", List.of(new Part.Verbatim("PG::DuplicateTable: ```")), List.of(
        new Action("pdm_run", "Run", "key", ChatAnswer.Style.PRIMARY, Optional.empty(), "/pdm execute confirm")));

    assertThat(MattermostMarkdown.render(answer)).contains("```\nPG::DuplicateTable: ˋˋˋ\n```")
        .contains("- Run: `/pdm execute confirm`");
  }
}
