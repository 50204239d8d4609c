package dev.pdm.core.chatops;

import dev.pdm.core.executed.ExecutedSubject;
import dev.pdm.core.run.MitigationKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the text after the slash command ({@code /pdm <text>}). Besides pdm's own words it accepts the release
 * runbook's: {@code post_deploy_migrations execute}, {@code post_deploy_migrations status} and
 * {@code auto_deploy status <sha>}, with or without the leading {@code run} of {@code /chatops run ...}.
 */
public final class ChatCommandParser {
  private final String slashCommand;

  /** {@code slashCommand} (e.g. {@code /pdm}) is only used in the usage texts of problems. */
  public ChatCommandParser(String slashCommand) {
    this.slashCommand = slashCommand;
  }

  /** A command, or what is wrong with the text and how to write it. */
  public record Parsed(Optional<ChatCommand> command, Optional<String> problem) {
    static Parsed of(ChatCommand command) {
      return new Parsed(Optional.of(command), Optional.empty());
    }

    static Parsed problem(String problem) {
      return new Parsed(Optional.empty(), Optional.of(problem));
    }
  }

  public Parsed parse(String text) {
    Words words = new Words(text == null ? "" : text.strip());
    if (words.peek().equals("run") && List.of("post_deploy_migrations", "auto_deploy").contains(words.peek(1))) {
      words.next();
    }
    String verb = words.next().toLowerCase(Locale.ROOT);
    return switch (verb) {
      case "", "help" -> Parsed.of(new ChatCommand.Help());
      case "status" -> Parsed.of(new ChatCommand.Status());
      case "execute" -> execute(words);
      case "executed" -> executed(words, "executed <sha | !mr | merge request URL>");
      case "post_deploy_migrations" -> runbookPostDeploy(words);
      case "auto_deploy" -> words.next().equalsIgnoreCase("status")
          ? executed(words, "auto_deploy status <sha>")
          : usage("auto_deploy status <sha>", words);
      case "run" -> runCommand(words);
      case "retry" -> retry(words);
      case "abandon" -> abandon(words);
      case "block" -> block(words);
      case "cancel" -> cancel(words);
      case "mitigate" -> mitigate(words);
      default -> Parsed.problem("command: expected one of status, execute, executed, run, retry, abandon, block, "
          + "cancel, mitigate, help (got " + verb + "); try " + slashCommand + " help");
    };
  }

  private Parsed runbookPostDeploy(Words words) {
    String what = words.next().toLowerCase(Locale.ROOT);
    return switch (what) {
      case "execute" -> execute(words);
      case "status" -> words.rest().isEmpty() ? Parsed.of(new ChatCommand.Status())
          : usage("post_deploy_migrations status", words);
      default -> usage("post_deploy_migrations execute | status", words);
    };
  }

  private Parsed execute(Words words) {
    String rest = words.rest();
    if (rest.isEmpty()) {
      return Parsed.of(new ChatCommand.Execute(false));
    }
    return rest.equalsIgnoreCase("confirm") ? Parsed.of(new ChatCommand.Execute(true))
        : usage("execute [confirm]", words);
  }

  private Parsed executed(Words words, String usage) {
    String subject = words.rest();
    if (subject.isEmpty() || subject.contains(" ")) {
      return usage(usage, words);
    }
    ExecutedSubject.Parsed parsed = ExecutedSubject.of(subject);
    return parsed.subject().map(s -> Parsed.of(new ChatCommand.Executed(s)))
        .orElseGet(() -> Parsed.problem(parsed.problem().orElseThrow()));
  }

  private Parsed runCommand(Words words) {
    String id = words.rest();
    if (id.contains(" ")) {
      return usage("run [id]", words);
    }
    return Parsed.of(new ChatCommand.ShowRun(id.isEmpty() ? Optional.empty() : Optional.of(id)));
  }

  private Parsed retry(Words words) {
    String stage = words.next();
    String reason = words.rest();
    return stage.isEmpty() || reason.isEmpty() ? usage("retry <stage> <reason…>", words)
        : Parsed.of(new ChatCommand.Retry(stage, reason));
  }

  private Parsed abandon(Words words) {
    String stage = words.next();
    String reason = words.rest();
    return stage.isEmpty() || reason.isEmpty() ? usage("abandon <stage> <reason…>", words)
        : Parsed.of(new ChatCommand.Abandon(stage, reason));
  }

  private Parsed block(Words words) {
    String stage = words.next();
    String answer = words.next().toLowerCase(Locale.ROOT);
    String reason = words.rest();
    if (stage.isEmpty() || reason.isEmpty() || !List.of("yes", "no").contains(answer)) {
      return usage("block <stage> <yes | no> <reason…>", words);
    }
    return Parsed.of(new ChatCommand.Block(stage, answer.equals("yes"), reason));
  }

  private Parsed cancel(Words words) {
    String reason = words.rest();
    return reason.isEmpty() ? usage("cancel <reason…>", words) : Parsed.of(new ChatCommand.Cancel(reason));
  }

  private Parsed mitigate(Words words) {
    String stage = words.next();
    String kindText = words.next();
    String reason = words.rest();
    if (stage.isEmpty() || kindText.isEmpty() || reason.isEmpty()) {
      return usage("mitigate <stage> <noop | mark-complete | other> <reason…>", words);
    }
    return MitigationKind.ofWord(kindText.toLowerCase(Locale.ROOT))
        .map(k -> Parsed.of(new ChatCommand.Mitigate(stage, k, reason)))
        .orElseGet(() -> Parsed.problem("kind: expected noop, mark-complete or other (got " + kindText + ")"));
  }

  private Parsed usage(String usage, Words words) {
    return Parsed.problem("usage: " + slashCommand + " " + usage + " (got " + slashCommand
        + (words.text.isEmpty() ? "" : " " + words.text) + ")");
  }

  /** The text as words, read left to right; {@link #rest()} keeps the rest's own spacing (a reason). */
  private static final class Words {
    private final String text;
    private int at;

    Words(String text) {
      this.text = text;
    }

    String peek() {
      return peek(0);
    }

    String peek(int ahead) {
      String[] words = text.substring(at).strip().split("\\s+");
      return ahead < words.length ? words[ahead] : "";
    }

    String next() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      int start = at;
      while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      return text.substring(start, at);
    }

    String rest() {
      String rest = text.substring(at).strip();
      at = text.length();
      return rest;
    }
  }
}
