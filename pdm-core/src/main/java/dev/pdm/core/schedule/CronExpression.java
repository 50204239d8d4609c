package dev.pdm.core.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) read in a time zone: lists
 * ({@code 1,3}), ranges ({@code 1-5}), steps ({@code *}{@code /15}, {@code 8-18/2}), names ({@code jan}, {@code mon}),
 * Sunday as 0 or 7. As in cron, when both day fields are restricted a day matches either. A local time skipped by a
 * daylight-saving change never matches; one that happens twice matches at its first occurrence.
 */
public final class CronExpression {
  /** How far ahead a search looks: every expression that matches at all matches within four years (29 February). */
  private static final long SEARCH_DAYS = 4 * 366;
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
      "nov", "dec");
  private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronExpression(String text, String[] fields) {
    this.text = text;
    this.minutes = field(fields[0], "minute", 0, 59, List.of(), 0);
    this.hours = field(fields[1], "hour", 0, 23, List.of(), 0);
    this.daysOfMonth = field(fields[2], "day of month", 1, 31, List.of(), 1);
    this.months = field(fields[3], "month", 1, 12, MONTHS, 1);
    BitSet days = field(fields[4], "day of week", 0, 7, DAYS, 0);
    if (days.get(7)) {
      days.set(0);
    }
    this.daysOfWeek = days;
    this.anyDayOfMonth = fields[2].startsWith("*");
    this.anyDayOfWeek = fields[4].startsWith("*");
  }

  /**
   * Parses {@code text}; an {@link IllegalArgumentException} names the field, its value and what was expected.
   */
  public static CronExpression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a cron expression of five fields (minute hour day-of-month month"
          + " day-of-week), e.g. '0 3 * * 2-4'");
    }
    String[] fields = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("five fields (minute hour day-of-month month day-of-week), e.g. '0 3 * * 2-4';"
          + " got " + fields.length);
    }
    return new CronExpression(text.trim(), fields);
  }

  /** Whether the minute holding {@code time} matches. */
  public boolean matches(ZonedDateTime time) {
    return matches(time.toLocalDateTime()) && !skipped(time.toLocalDateTime(), time.getZone());
  }

  /** The first matching minute at or after {@code from} (rounded up to a whole minute), if any in four years. */
  public Optional<Instant> next(Instant from, ZoneId zone) {
    LocalDateTime local = firstMinuteAtOrAfter(from, zone);
    LocalDate lastDay = local.toLocalDate().plusDays(SEARCH_DAYS);
    while (!local.toLocalDate().isAfter(lastDay)) {
      if (!dayMatches(local.toLocalDate())) {
        local = local.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!hours.get(local.getHour())) {
        local = local.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(local.getMinute()) || skipped(local, zone)) {
        local = local.plusMinutes(1);
      } else {
        Instant found = local.atZone(zone).toInstant();
        if (!found.isBefore(from.truncatedTo(ChronoUnit.MINUTES))) {
          return Optional.of(found);
        }
        local = local.plusMinutes(1);
      }
    }
    return Optional.empty();
  }

  /**
   * The first minute at or after {@code from} that does not match: the end of the matching stretch {@code from} is in
   * (from itself when it does not match). Empty when every minute of the next four years matches.
   */
  public Optional<Instant> nextNonMatching(Instant from, ZoneId zone) {
    Instant at = from.truncatedTo(ChronoUnit.MINUTES);
    Instant end = at.plus(SEARCH_DAYS, ChronoUnit.DAYS);
    while (at.isBefore(end)) {
      ZonedDateTime local = at.atZone(zone);
      if (!matches(local)) {
        return Optional.of(at.isBefore(from) ? from : at);
      }
      at = dayMatches(local.toLocalDate()) && hours.get(local.getHour()) && minutes.cardinality() == 60
          ? local.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant() : at.plus(1, ChronoUnit.MINUTES);
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return text;
  }

  private boolean matches(LocalDateTime local) {
    return minutes.get(local.getMinute()) && hours.get(local.getHour()) && dayMatches(local.toLocalDate());
  }

  private boolean dayMatches(LocalDate day) {
    if (!months.get(day.getMonthValue())) {
      return false;
    }
    boolean byMonthDay = daysOfMonth.get(day.getDayOfMonth());
    boolean byWeekDay = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
    if (anyDayOfMonth || anyDayOfWeek) {
      return byMonthDay && byWeekDay;
    }
    return byMonthDay || byWeekDay;
  }

  /** A local time that the zone's daylight-saving change skips does not exist. */
  private static boolean skipped(LocalDateTime local, ZoneId zone) {
    return zone.getRules().getValidOffsets(local).isEmpty();
  }

  private static LocalDateTime firstMinuteAtOrAfter(Instant from, ZoneId zone) {
    Instant minute = from.truncatedTo(ChronoUnit.MINUTES);
    Instant start = minute.equals(from) ? minute : minute.plus(1, ChronoUnit.MINUTES);
    return start.atZone(zone).toLocalDateTime();
  }

  private static BitSet field(String value, String name, int min, int max, List<String> names, int nameOffset) {
    BitSet set = new BitSet(max + 1);
    for (String part : value.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), name, value, 1, max, List.of(), 0);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max == 7 ? 6 : max;
      } else {
        int dash = range.indexOf('-');
        from = number(dash < 0 ? range : range.substring(0, dash), name, value, min, max, names, nameOffset);
        to = dash < 0 ? (slash >= 0 ? (max == 7 ? 6 : max) : from)
            : number(range.substring(dash + 1), name, value, min, max, names, nameOffset);
        if (to < from) {
          throw new IllegalArgumentException(name + " '" + value + "': a range from low to high, e.g. 1-5");
        }
      }
      for (int i = from; i <= to; i += step) {
        set.set(i);
      }
    }
    return set;
  }

  private static int number(String text, String name, String value, int min, int max, List<String> names,
      int nameOffset) {
    int named = names.indexOf(text);
    if (named >= 0) {
      return named + nameOffset;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " '" + value + "': numbers from " + min + " to " + max
        + (names.isEmpty() ? "" : " or names such as " + names.get(0) + ", " + names.get(1))
        + ", as a list (1,3), range (1-5) or step (*/15)");
  }
}
