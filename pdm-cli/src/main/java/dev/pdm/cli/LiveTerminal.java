package dev.pdm.cli;

import dev.pdm.cli.text.ScreenFrame;
import dev.pdm.cli.text.TerminalSize;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The live view of {@code pdm watch} on a terminal. It draws on the alternate screen, as full-screen programs do: each
 * frame is painted over the whole window from its top-left corner, so a resize or a terminal that re-wraps old lines
 * cannot leave copies behind, and no frame ever reaches the scrollback. It redraws at each change (at most every
 * {@link #FRAME_INTERVAL}: a replayed history comes in bursts), at each resize and every second, with the cursor
 * hidden. When done, and also on Ctrl-C or when watching fails, the cursor and the screen the user had come back, and
 * one summary is printed there.
 */
final class LiveTerminal implements AutoCloseable {
  static final Duration FRAME_INTERVAL = Duration.ofMillis(100);
  private static final String ENTER = "\u001b[?1049h\u001b[?25l";
  /**
   * The live view is wiped before the alternate screen is left: a terminal that resized while it was shown (tmux) may
   * carry some of its lines into the scrollback as it switches back, and blank lines leave no copy of a frame there.
   */
  private static final String LEAVE = "\u001b[H\u001b[2J\u001b[?25h\u001b[?1049l";
  private final PrintWriter out;
  private final TerminalWindow window;
  private final Supplier<ScreenFrame> frame;
  private final Supplier<String> stoppedSummary;
  private final LongSupplier nanoTime;
  private final Thread onInterrupt = new Thread(this::close, "pdm-watch-interrupted");
  private Runnable stopFollowing = () -> { };
  private boolean closed;
  private String painted = "";
  private TerminalSize paintedSize;
  private long paintedAt;

  private LiveTerminal(PrintWriter out, TerminalWindow window, Supplier<ScreenFrame> frame,
      Supplier<String> stoppedSummary, LongSupplier nanoTime) {
    this.out = out;
    this.window = window;
    this.frame = frame;
    this.stoppedSummary = stoppedSummary;
    this.nanoTime = nanoTime;
  }

  /**
   * Enters the live view showing {@code frame}; {@code stoppedSummary} is what it leaves behind if it is closed (or the
   * JVM stops) before {@link #finish}.
   */
  static LiveTerminal open(PrintWriter out, TerminalWindow window, Supplier<ScreenFrame> frame,
      Supplier<String> stoppedSummary) {
    return open(out, window, frame, stoppedSummary, System::nanoTime);
  }

  /** {@link #open}, on the clock {@code nanoTime}. */
  static LiveTerminal open(PrintWriter out, TerminalWindow window, Supplier<ScreenFrame> frame,
      Supplier<String> stoppedSummary, LongSupplier nanoTime) {
    LiveTerminal terminal = new LiveTerminal(out, window, frame, stoppedSummary, nanoTime);
    terminal.enter();
    return terminal;
  }

  private synchronized void enter() {
    out.print(ENTER);
    redraw();
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    stopFollowing = window.follow(this::redraw);
  }

  /**
   * Applies {@code change} to what the frame shows, then redraws unless it drew less than {@link #FRAME_INTERVAL} ago
   * (the next redraw, at most a second later, shows it). A frame never shows half a change.
   */
  synchronized void update(Runnable change) {
    change.run();
    if (nanoTime.getAsLong() - paintedAt >= FRAME_INTERVAL.toNanos()) {
      redraw();
    }
  }

  /** Paints the frame as it is now, at the window's size now, unless the terminal shows exactly that already. */
  synchronized void redraw() {
    if (closed) {
      return;
    }
    TerminalSize size = window.size();
    String paint = frame.get().paint(size);
    paintedAt = nanoTime.getAsLong();
    if (!paint.equals(painted) || !size.equals(paintedSize)) {
      out.print(paint);
      out.flush();
      painted = paint;
      paintedSize = size;
    }
  }

  /** Leaves the live view, then prints {@code summary}; only the first call (or close) does anything. */
  synchronized void finish(String summary) {
    if (closed) {
      return;
    }
    closed = true;
    stopFollowing.run();
    out.print(LEAVE);
    out.print(summary);
    out.flush();
    if (Thread.currentThread() != onInterrupt) {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: finish already happened, so it will find nothing left to do
      }
    }
  }

  /** Leaves the live view with the stopped summary, unless {@link #finish} came first. */
  @Override
  public synchronized void close() {
    if (!closed) {
      finish(stoppedSummary.get());
    }
  }
}
