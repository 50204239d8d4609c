package dev.pdm.core.schedule;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The deny windows that apply to an environment, and what they say about a moment. */
public record DenyWindows(List<DenyWindow> windows) {
  /** Chained windows are followed this many times at most when looking for the next allowed moment. */
  private static final int MAX_CHAIN = 50;

  public DenyWindows {
    windows = List.copyOf(windows);
  }

  /** The window a moment is in and when it ends. */
  public record Inside(DenyWindow window, Instant until) {
  }

  /** A window that will begin. */
  public record Upcoming(DenyWindow window, Instant startsAt) {
  }

  /** The window {@code at} lies in (the one ending last, when several overlap). */
  public Optional<Inside> inside(Instant at) {
    return windows.stream().flatMap(w -> w.endIfInside(at).map(end -> new Inside(w, end)).stream())
        .max(Comparator.comparing(Inside::until));
  }

  /** The first moment at or after {@code at} outside every window (windows that follow one another are chained). */
  public Instant nextAllowed(Instant at) {
    Instant moment = at;
    for (int i = 0; i < MAX_CHAIN; i++) {
      Optional<Inside> in = inside(moment);
      if (in.isEmpty()) {
        return moment;
      }
      moment = in.get().until();
    }
    return moment;
  }

  /** The window that begins next after {@code at}. */
  public Optional<Upcoming> next(Instant at) {
    return windows.stream().flatMap(w -> w.nextStart(at).map(start -> new Upcoming(w, start)).stream())
        .min(Comparator.comparing(Upcoming::startsAt));
  }
}
