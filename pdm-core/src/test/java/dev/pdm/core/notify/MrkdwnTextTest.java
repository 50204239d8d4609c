package dev.pdm.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MrkdwnTextTest {

  @Test
  void escapesTheThreeCharactersSlackInterprets() {
    assertThat(MrkdwnText.escape("a < b && c > d")).isEqualTo("a &lt; b &amp;&amp; c &gt; d");
  }

  @Test
  void defusesEveryMentionSlackMattermostOrRocketChatWouldNotify() {
    assertThat(MrkdwnText.escape("ping @Channel, @here, @all, @everyone and @heretic (mail: ops@example.com)"))
        .isEqualTo("ping @\u200BChannel, @\u200Bhere, @\u200Ball, @\u200Beveryone and @\u200Bheretic"
            + " (mail: ops@example.com)");
  }

  @Test
  void redactsRowDataFromDatabaseErrors() {
    assertThat(MrkdwnText.escape("PG::UniqueViolation: ERROR:  duplicate key\nDETAIL:  Key (email)=(ceo@example.com)"
        + " already exists."))
        .isEqualTo("PG::UniqueViolation: ERROR:  duplicate key\nDETAIL:  Key (email)=([redacted]) already exists.");
  }

  @Test
  void textThatFitsIsNotCut() {
    assertThat(MrkdwnText.escapeWithin("abc&", 8)).isEqualTo("abc&amp;");
  }

  @Test
  void neverCutsAnEscapeInHalf() {
    assertThat(MrkdwnText.escapeWithin("abc&def", 8)).isEqualTo("abc…");
  }

  @Test
  void neverSplitsAnEmoji() {
    assertThat(MrkdwnText.escapeWithin("😀😀😀", 4)).isEqualTo("😀…");
    assertThat(MrkdwnText.plainWithin("ab😀😀", 4)).isEqualTo("ab…");
  }

  @Test
  void linksOnlyWebAddresses() {
    assertThat(MrkdwnText.link("https://gitlab.example/a?x=1&y=2", "Pipeline <1>"))
        .contains("<https://gitlab.example/a?x=1&amp;y=2|Pipeline &lt;1&gt;>");
    assertThat(MrkdwnText.link("mailto:someone@example.com", "mail")).isEmpty();
    assertThat(MrkdwnText.link("https://gitlab.example/a b", "spaced")).isEmpty();
    assertThat(MrkdwnText.link("", "nothing")).isEmpty();
  }

  @Test
  void linesThatDoNotFitAreCounted() {
    assertThat(MrkdwnText.fitLines(List.of("aaaa", "bbbb", "cccc", "dddd", "eeee"), 22)).isEqualTo("aaaa\nbbbb\n… and 3 more");
    assertThat(MrkdwnText.fitLines(List.of("aaaa", "bbbb"), 9)).isEqualTo("aaaa\nbbbb");
  }
}
