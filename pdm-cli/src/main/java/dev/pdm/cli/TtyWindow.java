package dev.pdm.cli;

import dev.pdm.cli.text.TerminalSize;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The terminal pdm runs in, as {@code /dev/tty}: its size as {@code stty size} reads it (Java has no call for it), read
 * once when first asked for (before the first frame), then again at each SIGWINCH, or every second where the JVM cannot
 * handle that signal, on the window's own thread: drawing only ever reads the size last read.
 */
final class TtyWindow implements TerminalWindow {
  private volatile TerminalSize size;
  private volatile boolean readable = true;

  @Override
  public TerminalSize size() {
    TerminalSize known = size;
    if (known == null) {
      known = read();
      size = known;
    }
    return known;
  }

  @Override
  public Runnable follow(Runnable redraw) {
    Semaphore resized = new Semaphore(0);
    Optional<Runnable> restoreSignal = WindowChangeSignal.handle(resized::release);
    Thread beat = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          if (resized.tryAcquire(1, TimeUnit.SECONDS) || restoreSignal.isEmpty()) {
            resized.drainPermits();
            size = read();
          }
          redraw.run();
        }
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    }, "pdm-terminal-window");
    beat.setDaemon(true);
    beat.start();
    return () -> {
      beat.interrupt();
      restoreSignal.ifPresent(Runnable::run);
    };
  }

  /** {@code stty size} on /dev/tty, so that it reads the terminal even when pdm's own stdin is elsewhere. */
  private TerminalSize read() {
    if (!readable) {
      return Optional.ofNullable(size).orElse(TerminalSize.CLASSIC);
    }
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (stty.waitFor(5, TimeUnit.SECONDS) && stty.exitValue() == 0) {
        Optional<TerminalSize> read = TerminalSize.fromStty(output);
        if (read.isPresent()) {
          return read.get();
        }
      }
      stty.destroy();
    } catch (IOException noTty) {
      // no stty or no /dev/tty (Windows, a detached process): the classic size, without trying again
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
    readable = false;
    return TerminalSize.CLASSIC;
  }
}
