package dev.pdm.core.triage;

import dev.pdm.core.migrations.PostMigrateFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the error block {@code rake db:migrate} prints when a migration fails ({@code rake aborted!}, Rails'
 * {@code StandardError: An error has occurred, all later migrations canceled:} wrapper, the error, its backtrace,
 * {@code Caused by:} chains, {@code Tasks: TOP => db:migrate}) and picks the error worth reporting.
 */
final class RailsErrorBlock {
  private static final int MAX_CANDIDATES = 8;
  private static final int MAX_MESSAGE_LINES = 20;
  private static final int MAX_MESSAGE_CHARS = 8_000;
  private static final String POST_MIGRATE = PostMigrateFile.DIRECTORY;

  private static final Pattern EXCEPTION_PREFIX = Pattern.compile("([A-Z][A-Za-z0-9_]*(?:::[A-Z][A-Za-z0-9_]*)*): ");
  private static final Pattern BACKTRACE_LINE = Pattern.compile("(?:from\\s+)?\\S+:\\d+:in\\b.*|\\S+\\.rb:\\d+");

  private final Optional<String> failingVersion;
  private final List<String> candidates = new ArrayList<>();
  private StringBuilder collecting;
  private int collectingLines;
  private boolean awaitingError;
  private boolean wrapped;
  private Optional<PostMigrateFile> backtraceFile = Optional.empty();

  /** @param failingVersion the version of the migration that was running when the block began, if any */
  RailsErrorBlock(Optional<String> failingVersion) {
    this.failingVersion = failingVersion;
  }

  /** Whether a stripped line opens the block: {@code rake aborted!} ({@code bin/rails aborted!}) or Rails' wrapper. */
  static boolean opens(String text) {
    return isAbort(text) || isWrapper(text);
  }

  /** Reads one more cleaned line of the block. */
  void accept(String line) {
    String text = line.strip();
    if (isWrapper(text)) {
      endCandidate();
      wrapped = true;
      awaitingError = true;
    } else if (text.equals("Caused by:")) {
      endCandidate();
      awaitingError = true;
    } else if (BACKTRACE_LINE.matcher(text).matches()) {
      endCandidate();
      awaitingError = false;
      noteBacktraceFile(text);
    } else if (isAbort(text) || text.startsWith("Tasks: ") || text.startsWith("(See full trace")) {
      endCandidate();
      awaitingError = false;
    } else if (text.isEmpty()) {
      endCandidate();
    } else if (collecting != null) {
      continueCandidate(line.stripTrailing());
    } else if (awaitingError || startsWithExceptionClass(text)) {
      awaitingError = false;
      startCandidate(text);
    }
  }

  /** The error to report: the innermost {@code PG::} error if any, else the innermost exception of the last chain. */
  LogError error() {
    List<String> texts = new ArrayList<>(candidates);
    if (collecting != null) {
      texts.add(collecting.toString());
    }
    for (String text : texts) {
      List<LogError> chain = chain(text);
      for (int i = chain.size() - 1; i >= 0; i--) {
        if (chain.get(i).errorClass().startsWith("PG::")) {
          return chain.get(i);
        }
      }
    }
    for (int i = texts.size() - 1; i >= 0; i--) {
      List<LogError> chain = chain(texts.get(i));
      if (!chain.isEmpty()) {
        return chain.get(chain.size() - 1);
      }
    }
    String unnamedClass = wrapped ? "StandardError" : LogError.UNKNOWN_CLASS;
    return new LogError(unnamedClass, texts.isEmpty() ? "" : texts.get(0));
  }

  /** The post-deploy migration file the backtrace names: the failing migration's, or the first one when none was running. */
  Optional<PostMigrateFile> backtraceFile() {
    return backtraceFile;
  }

  private void startCandidate(String text) {
    if (candidates.size() < MAX_CANDIDATES) {
      collecting = new StringBuilder(text.length() + 16).append(text, 0, Math.min(text.length(), MAX_MESSAGE_CHARS));
      collectingLines = 1;
    }
  }

  private void continueCandidate(String text) {
    if (collectingLines < MAX_MESSAGE_LINES && collecting.length() + text.length() < MAX_MESSAGE_CHARS) {
      collecting.append('\n').append(text);
      collectingLines++;
    }
  }

  private void endCandidate() {
    if (collecting != null) {
      candidates.add(collecting.toString());
      collecting = null;
    }
  }

  private void noteBacktraceFile(String text) {
    if (backtraceFile.isPresent()) {
      return;
    }
    int at = text.indexOf(POST_MIGRATE);
    if (at < 0 || !isRepositoryTopLevel(text, at)) {
      return;
    }
    int end = text.indexOf(".rb", at);
    if (end < 0) {
      return;
    }
    PostMigrateFile.parse(text.substring(at, end + ".rb".length()))
        .filter(file -> failingVersion.map(file.version()::equals).orElse(true))
        .ifPresent(file -> backtraceFile = Optional.of(file));
  }

  /** {@code .../gitlab-rails/db/post_migrate/...} is the application's; {@code .../ee/db/post_migrate/...} is not. */
  private static boolean isRepositoryTopLevel(String text, int at) {
    if (at == 0 || Character.isWhitespace(text.charAt(at - 1))) {
      return true;
    }
    if (text.charAt(at - 1) != '/') {
      return false;
    }
    int segmentStart = text.lastIndexOf('/', at - 2) + 1;
    return !text.substring(segmentStart, at - 1).equals("ee");
  }

  private static boolean isAbort(String text) {
    return text.equals("rake aborted!") || text.endsWith("/rake aborted!") || text.endsWith("/rails aborted!");
  }

  private static boolean isWrapper(String text) {
    return text.startsWith("StandardError: An error has occurred");
  }

  private static boolean startsWithExceptionClass(String text) {
    Matcher prefix = EXCEPTION_PREFIX.matcher(text);
    return prefix.lookingAt() && isExceptionClass(prefix.group(1));
  }

  /** {@code A::Error: PG::X: ERROR:  msg} → [(A::Error, "PG::X: ERROR:  msg"), (PG::X, "ERROR:  msg")]. */
  private static List<LogError> chain(String text) {
    List<LogError> chain = new ArrayList<>();
    String rest = text;
    Matcher prefix = EXCEPTION_PREFIX.matcher(rest);
    while (prefix.lookingAt() && isExceptionClass(prefix.group(1))) {
      rest = rest.substring(prefix.end());
      chain.add(new LogError(prefix.group(1), rest));
      prefix = EXCEPTION_PREFIX.matcher(rest);
    }
    return chain;
  }

  private static boolean isExceptionClass(String name) {
    return name.contains("::") || name.endsWith("Error") || name.endsWith("Exception");
  }
}
