package dev.pdm.core.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void doublesTheDelayWithJitterBetweenHalfAndTheWholeStep() {
    assertThat(backoff.delay(0, 0.0)).isEqualTo(Duration.ofMillis(50));
    assertThat(backoff.delay(0, 1.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.delay(3, 1.0)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void neverWaitsLongerThanTheMaximum() {
    assertThat(backoff.delay(30, 1.0)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void readsRetryAfterAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2026-11-24T22:00:00Z");

    assertThat(Backoff.retryAfter("7", now)).contains(Duration.ofSeconds(7));
    assertThat(Backoff.retryAfter("Tue, 24 Nov 2026 22:00:30 GMT", now)).contains(Duration.ofSeconds(30));
    assertThat(Backoff.retryAfter("Tue, 24 Nov 2026 21:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(Backoff.retryAfter("soon", now)).isEqualTo(Optional.empty());
  }
}
