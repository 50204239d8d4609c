package dev.pdm.core.chatops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer or announcement in chat, independent of the platform: a title, parts (paragraphs of lines, verbatim
 * blocks, small print) and buttons. Text is kept as {@link Span}s so that each platform escapes what came from GitLab
 * or a person its own way; nothing here is markup.
 *
 * @param title   one line, plain
 * @param parts   the body, in order
 * @param actions buttons (Slack); platforms without them show {@link Action#fallback()} instead
 */
public record ChatAnswer(String title, List<Part> parts, List<Action> actions) {

  public ChatAnswer {
    Objects.requireNonNull(title, "title");
    parts = List.copyOf(parts);
    actions = List.copyOf(actions);
  }

  /** An answer of one paragraph. */
  public static ChatAnswer of(String title, Line... lines) {
    return new ChatAnswer(title, List.of(new Part.Lines(List.of(lines))), List.of());
  }

  /** The same answer with more parts after its own. */
  public ChatAnswer with(Part... more) {
    List<Part> all = new ArrayList<>(parts);
    all.addAll(Arrays.asList(more));
    return new ChatAnswer(title, all, actions);
  }

  /** The same answer with these buttons. */
  public ChatAnswer withActions(List<Action> buttons) {
    return new ChatAnswer(title, parts, buttons);
  }

  /** A piece of the body. */
  public sealed interface Part {
    /** A paragraph, one line each. */
    record Lines(List<Line> lines) implements Part {
      public Lines {
        lines = List.copyOf(lines);
      }
    }

    /** Text shown verbatim (an error, a table). */
    record Verbatim(String text) implements Part {
    }

    /** Small print: links, identifiers. */
    record SmallPrint(List<Line> lines) implements Part {
      public SmallPrint {
        lines = List.copyOf(lines);
      }
    }
  }

  /** One line of text. */
  public record Line(List<Span> spans) {
    public Line {
      spans = List.copyOf(spans);
    }

    public static Line of(Span... spans) {
      return new Line(List.of(spans));
    }

    /** A line of plain text. */
    public static Line text(String text) {
      return of(new Span.Text(text));
    }

    /** A bold label followed by plain text: {@code Author: @bruno-costa}. */
    public static Line labelled(String label, Span... rest) {
      List<Span> spans = new ArrayList<>();
      spans.add(new Span.Bold(label + ":"));
      spans.add(new Span.Text(" "));
      spans.addAll(Arrays.asList(rest));
      return new Line(spans);
    }

    /** This line as a bullet point. */
    public Line bullet() {
      List<Span> spans = new ArrayList<>();
      spans.add(new Span.Text("• "));
      spans.addAll(this.spans);
      return new Line(spans);
    }
  }

  /** A run of text with one meaning; platforms escape and mark it up. */
  public sealed interface Span {
    /** Plain text. */
    record Text(String text) implements Span {
    }

    /** Emphasised text. */
    record Bold(String text) implements Span {
    }

    /** An identifier: a SHA, a migration version, a stage. */
    record Code(String text) implements Span {
    }

    /** A link; platforms show only the label when the URL is not a plain http(s) URL. */
    record Link(String url, String label) implements Span {
    }

    /** A chat user by id, mentioned (Slack: {@code <@U0123ABCD>}). */
    record Mention(String userId) implements Span {
    }
  }

  /**
   * A button.
   *
   * @param actionId what pdm does when it is clicked
   * @param label    its text
   * @param value    what it acts on (a run and stage), carried back by the click
   * @param style    its colour
   * @param confirm  a question Slack asks before sending the click, if any
   * @param fallback what to type instead, where there are no buttons
   */
  public record Action(String actionId, String label, String value, Style style, Optional<String> confirm,
      String fallback) {
  }

  /** A button's colour. */
  public enum Style { PRIMARY, DANGER, PLAIN }
}
