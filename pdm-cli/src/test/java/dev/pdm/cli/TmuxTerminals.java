package dev.pdm.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Real terminals for tests: tmux panes of a chosen size, each running an interactive bash, on a tmux server of their
 * own (its own socket, so a person's tmux is never touched). What a person would see is read back with
 * {@code capture-pane}: the screen, or the screen with its scrollback.
 */
final class TmuxTerminals implements AutoCloseable {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private final String socket = "pdm-test-" + UUID.randomUUID();
  private final Path config;

  private TmuxTerminals(Path config) {
    this.config = config;
  }

  /** A tmux server of its own; the test is skipped, saying so, where tmux is not installed. */
  static TmuxTerminals start() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "terminal tests need tmux at /usr/bin/tmux"
        + " (apt-get install tmux; .ci/run installs it)");
    Path config = Files.createTempFile("pdm-tmux", ".conf");
    // no status line, so a pane is as large as its window; a pane stays readable after its shell exits
    Files.writeString(config, "set -g status off\nset -g remain-on-exit on\nset -g history-limit 10000\n");
    return new TmuxTerminals(config);
  }

  /** A new terminal {@code columns} x {@code rows} running bash, with {@code environment} set in it. */
  Pane open(String name, int columns, int rows, Map<String, String> environment) {
    List<String> command = new ArrayList<>(List.of("new-session", "-d", "-s", name, "-x", String.valueOf(columns),
        "-y", String.valueOf(rows)));
    environment.forEach((variable, value) -> command.addAll(List.of("-e", variable + "=" + value)));
    command.addAll(List.of("-e", "PS1=$ ", "--", "bash", "--norc", "--noprofile"));
    tmux(command.toArray(String[]::new));
    return new Pane(name);
  }

  @Override
  public void close() throws IOException {
    try {
      tmux("kill-server");
    } finally {
      Files.deleteIfExists(config);
    }
  }

  /** Runs one tmux command against this server and returns what it printed. */
  private String tmux(String... arguments) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/tmux", "-u", "-L", socket, "-f", config.toString()));
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("TMUX");
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().put("LANG", "C.UTF-8");
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("tmux " + String.join(" ", arguments) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run tmux", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running tmux", e);
    }
  }

  /** One terminal: what is typed into it, and what it shows. */
  final class Pane {
    private final String name;

    private Pane(String name) {
      this.name = name;
    }

    /** Types {@code line} and Enter, as a person would at the shell's prompt. */
    void type(String line) {
      tmux("send-keys", "-t", name, "-l", line);
      tmux("send-keys", "-t", name, "Enter");
    }

    /** Ctrl-C. */
    void interrupt() {
      tmux("send-keys", "-t", name, "C-c");
    }

    /** Resizes the terminal, as a person dragging its window would (the programs in it get SIGWINCH). */
    void resize(int columns, int rows) {
      tmux("resize-window", "-t", name, "-x", String.valueOf(columns), "-y", String.valueOf(rows));
    }

    /** What the terminal shows now, one line per row, wrapped lines joined (so a too-long line shows as one). */
    Screen screen() {
      return new Screen(size(), lines(tmux("capture-pane", "-p", "-J", "-t", name)));
    }

    /** Everything the terminal holds: the scrollback then the screen, wrapped lines joined. */
    List<String> scrollback() {
      return lines(tmux("capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", name));
    }

    /** A tmux format of the pane, e.g. {@code #{alternate_on}}. */
    String format(String format) {
      return tmux("display-message", "-p", "-t", name, format).strip();
    }

    /** Waits for the screen to show what {@code expected} accepts; fails with the last screen after {@code timeout}. */
    Screen await(String what, Predicate<Screen> expected, Duration timeout) {
      return awaitSeen(what, this::screen, expected, timeout);
    }

    /** Waits for the scrollback to hold what {@code expected} accepts; fails with it after {@code timeout}. */
    List<String> awaitScrollback(String what, Predicate<List<String>> expected, Duration timeout) {
      return awaitSeen(what, this::scrollback, expected, timeout);
    }

    @Override
    public String toString() {
      return name;
    }

    private <T> T awaitSeen(String what, Supplier<T> look, Predicate<T> expected, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      T seen = look.get();
      while (!expected.test(seen)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("terminal " + name + " did not show " + what + " within " + timeout
              + "; it shows:\n" + (seen instanceof List<?> lines ? String.join("\n", lines.stream()
              .map(String::valueOf).toList()) : seen));
        }
        pause();
        seen = look.get();
      }
      return seen;
    }

    private Size size() {
      String[] size = format("#{pane_width} #{pane_height}").split(" ");
      return new Size(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
    }

    private static List<String> lines(String captured) {
      List<String> lines = new ArrayList<>(captured.lines().map(String::stripTrailing).toList());
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      return lines;
    }

    /** Between two looks at the screen: the terminal's program runs meanwhile. */
    private static void pause() {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the terminal", e);
      }
    }
  }

  /** A terminal's size in cells. */
  record Size(int columns, int rows) {
  }

  /** What a terminal showed: its size then and its non-blank-ended lines, top row first. */
  record Screen(Size size, List<String> lines) {
    @Override
    public String toString() {
      return size.columns() + "x" + size.rows() + "\n" + String.join("\n", lines);
    }
  }
}
