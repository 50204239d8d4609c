package dev.pdm.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Five-field cron expressions read in a time zone, including daylight-saving changes. */
class CronExpressionTest {
  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  @ParameterizedTest(name = "{0} after {1} is {2}")
  @CsvSource({
      "0 3 * * 2-4,       2024-11-09T10:00:00Z, 2024-11-12T03:00:00Z",
      "0 3 * * tue-thu,   2024-11-12T03:00:00Z, 2024-11-12T03:00:00Z",
      "0 3 * * 2-4,       2024-11-12T03:00:01Z, 2024-11-13T03:00:00Z",
      "*/15 * * * *,      2024-11-09T10:01:00Z, 2024-11-09T10:15:00Z",
      "30 8-18/2 * * *,   2024-11-09T11:00:00Z, 2024-11-09T12:30:00Z",
      "0 0 1 jan *,       2024-11-09T10:00:00Z, 2025-01-01T00:00:00Z",
      "0 0 29 2 *,        2024-11-09T10:00:00Z, 2028-02-29T00:00:00Z",
      "0 12 13 * 5,       2024-11-09T10:00:00Z, 2024-11-13T12:00:00Z",
      "0 0 * * 0,         2024-11-09T10:00:00Z, 2024-11-10T00:00:00Z",
      "0 0 * * 7,         2024-11-09T10:00:00Z, 2024-11-10T00:00:00Z"})
  void findsTheNextFiringInUtc(String cron, String after, String expected) {
    assertThat(CronExpression.parse(cron).next(Instant.parse(after), ZoneOffset.UTC)).contains(Instant.parse(expected));
  }

  @Test
  void readsTheExpressionInItsTimeZoneAcrossADaylightSavingChange() {
    CronExpression nightly = CronExpression.parse("0 3 * * *");

    assertThat(nightly.next(Instant.parse("2024-10-26T12:00:00Z"), AMSTERDAM)).contains(Instant.parse("2024-10-27T02:00:00Z"));
    assertThat(nightly.next(Instant.parse("2024-10-25T12:00:00Z"), AMSTERDAM)).contains(Instant.parse("2024-10-26T01:00:00Z"));
  }

  @Test
  void aLocalTimeTheSpringChangeSkipsNeverFires() {
    CronExpression skipped = CronExpression.parse("30 2 31 3 *");

    assertThat(skipped.matches(ZonedDateTime.of(2024, 3, 31, 3, 30, 0, 0, AMSTERDAM))).isFalse();
    assertThat(skipped.next(Instant.parse("2024-03-30T00:00:00Z"), AMSTERDAM)).contains(Instant.parse("2025-03-31T00:30:00Z"));
  }

  @Test
  void theEndOfAMatchingStretchIsTheFirstMinuteThatDoesNotMatch() {
    CronExpression nights = CronExpression.parse("* 1-3 * * *");

    assertThat(nights.nextNonMatching(Instant.parse("2024-11-09T01:30:20Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2024-11-09T04:00:00Z"));
    assertThat(nights.nextNonMatching(Instant.parse("2024-11-09T12:00:20Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2024-11-09T12:00:20Z"));
  }

  @Test
  void anExpressionThatNeverMatchesHasNoNextFiring() {
    assertThat(CronExpression.parse("0 0 31 2 *").next(Instant.parse("2024-11-09T10:00:00Z"), ZoneOffset.UTC)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "0 3 * *|five fields",
      "61 3 * * *|minute '61': numbers from 0 to 59",
      "0 25 * * *|hour '25'",
      "0 3 * * fri-mon|day of week 'fri-mon': a range from low to high",
      "0 3 * foo *|month 'foo'",
      "0 3 * * */0|day of week '*/0'"})
  void refusesAnInvalidExpressionNamingTheFieldAndItsValue(String cron, String message) {
    assertThatThrownBy(() -> CronExpression.parse(cron)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
