package dev.pdm.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deny windows: weekly ranges over the week's end, cron minutes, chained windows, time zones. */
class DenyWindowsTest {
  private static final DenyWindow WEEKEND = new DenyWindow.Weekly("weekend freeze", WeeklyTime.parse("Fri 18:00"),
      WeeklyTime.parse("Mon 06:00"), ZoneOffset.UTC);
  private static final DenyWindow NIGHTS = new DenyWindow.Cron("nightly backups", CronExpression.parse("* 1-2 * * *"),
      ZoneId.of("Europe/Amsterdam"));

  @Test
  void aWeeklyWindowOverTheWeeksEndCoversSaturdayAndEndsOnMonday() {
    DenyWindows windows = new DenyWindows(List.of(WEEKEND));

    DenyWindows.Inside inside = windows.inside(Instant.parse("2024-11-09T10:00:00Z")).orElseThrow();

    assertThat(inside.window().name()).isEqualTo("weekend freeze");
    assertThat(inside.until()).isEqualTo(Instant.parse("2024-11-11T06:00:00Z"));
    assertThat(windows.inside(Instant.parse("2024-11-08T17:59:00Z"))).isEmpty();
    assertThat(windows.inside(Instant.parse("2024-11-08T18:00:00Z"))).isPresent();
    assertThat(windows.inside(Instant.parse("2024-11-11T06:00:00Z"))).isEmpty();
    assertThat(windows.next(Instant.parse("2024-11-12T10:00:00Z")).orElseThrow().startsAt())
        .isEqualTo(Instant.parse("2024-11-15T18:00:00Z"));
  }

  @Test
  void aCronWindowCoversTheMinutesItMatchesInItsTimeZone() {
    DenyWindows windows = new DenyWindows(List.of(NIGHTS));

    assertThat(windows.inside(Instant.parse("2024-11-09T00:30:00Z")).orElseThrow().until())
        .isEqualTo(Instant.parse("2024-11-09T02:00:00Z"));
    assertThat(windows.inside(Instant.parse("2024-11-09T02:00:00Z"))).isEmpty();
    assertThat(windows.next(Instant.parse("2024-11-09T12:00:00Z")).orElseThrow().startsAt())
        .isEqualTo(Instant.parse("2024-11-10T00:00:00Z"));
  }

  @Test
  void theNextAllowedMomentFollowsWindowsThatChain() {
    DenyWindow sunday = new DenyWindow.Weekly("sunday maintenance", WeeklyTime.parse("Mon 05:00"), WeeklyTime.parse("Mon 09:00"),
        ZoneOffset.UTC);
    DenyWindows windows = new DenyWindows(List.of(WEEKEND, sunday));

    assertThat(windows.nextAllowed(Instant.parse("2024-11-09T10:00:00Z"))).isEqualTo(Instant.parse("2024-11-11T09:00:00Z"));
    assertThat(windows.nextAllowed(Instant.parse("2024-11-12T10:00:00Z"))).isEqualTo(Instant.parse("2024-11-12T10:00:00Z"));
  }
}
