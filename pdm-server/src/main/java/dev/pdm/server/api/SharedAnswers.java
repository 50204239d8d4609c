package dev.pdm.server.api;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers that cost GitLab calls, shared by every viewer asking the same question: one read at a time per question,
 * its answer reused until it is {@code maxAge} old. A hundred viewers asking "was it executed?" cost GitLab one
 * lookup. Bounded: the questions asked least recently are forgotten first. Used from one event loop.
 */
final class SharedAnswers<T> {
  private static final int MAX_QUESTIONS = 256;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<String, Answer<T>> answers = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Answer<T>> eldest) {
      return size() > MAX_QUESTIONS;
    }
  };

  SharedAnswers(Clock clock, Duration maxAge) {
    this.clock = clock;
    this.maxAge = maxAge;
  }

  private record Answer<T>(Future<T> value, Instant askedAt) {
  }

  /** The answer to {@code question}: the one being read or read lately, else a new {@code read}. */
  synchronized Future<T> get(String question, Supplier<Future<T>> read) {
    Answer<T> known = answers.get(question);
    Instant now = clock.instant();
    boolean usable = known != null && (!known.value().isComplete()
        || known.value().succeeded() && now.isBefore(known.askedAt().plus(maxAge)));
    if (usable) {
      return known.value();
    }
    Future<T> value = read.get();
    answers.put(question, new Answer<>(value, now));
    return value;
  }
}
