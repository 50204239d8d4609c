package dev.pdm.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * A named stretch of time in which pdm migrates nothing on some environments: a weekly range ({@code Fri 18:00} to
 * {@code Mon 06:00}, wrapping over the week's end) or the minutes a cron expression matches, read in a time zone.
 */
public sealed interface DenyWindow {

  /** Its name, e.g. {@code weekend freeze}. */
  String name();

  /** The time zone its times are read in. */
  ZoneId zone();

  /** When the window {@code at} lies in ends; empty when {@code at} is outside it. */
  Optional<Instant> endIfInside(Instant at);

  /** When the window next begins after {@code at} (within four years). */
  Optional<Instant> nextStart(Instant at);

  /** How the window is written in the configuration, for people. */
  String describe();

  /** From one weekly time to another, e.g. {@code Fri 18:00} to {@code Mon 06:00}. */
  record Weekly(String name, WeeklyTime from, WeeklyTime to, ZoneId zone) implements DenyWindow {
    private static final int WEEK_MINUTES = 7 * 24 * 60;

    @Override
    public Optional<Instant> endIfInside(Instant at) {
      ZonedDateTime local = at.atZone(zone);
      int now = new WeeklyTime(local.getDayOfWeek(), local.toLocalTime()).minuteOfWeek();
      int start = from.minuteOfWeek();
      int end = to.minuteOfWeek();
      int length = Math.floorMod(end - start, WEEK_MINUTES);
      int into = Math.floorMod(now - start, WEEK_MINUTES);
      if (length == 0 || into >= length) {
        return Optional.empty();
      }
      return Optional.of(occurrence(local.minusMinutes(into), to).toInstant());
    }

    @Override
    public Optional<Instant> nextStart(Instant at) {
      ZonedDateTime next = occurrence(at.atZone(zone), from);
      return Optional.of((next.toInstant().isAfter(at) ? next : next.plusWeeks(1)).toInstant());
    }

    @Override
    public String describe() {
      return from + " to " + to + " " + zone;
    }

    /** The first time at or after {@code base} (to the minute) that falls on {@code when}. */
    private ZonedDateTime occurrence(ZonedDateTime base, WeeklyTime when) {
      LocalDateTime day = base.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES)
          .with(TemporalAdjusters.nextOrSame(when.day())).with(when.time());
      ZonedDateTime candidate = day.atZone(zone);
      return candidate.isBefore(base.truncatedTo(ChronoUnit.MINUTES)) ? candidate.plusWeeks(1) : candidate;
    }
  }

  /** The minutes a cron expression matches, e.g. {@code * 1-3 * * *} for 01:00 to 04:00 every night. */
  record Cron(String name, CronExpression cron, ZoneId zone) implements DenyWindow {

    @Override
    public Optional<Instant> endIfInside(Instant at) {
      if (!cron.matches(at.atZone(zone))) {
        return Optional.empty();
      }
      return Optional.of(cron.nextNonMatching(at, zone).orElse(at.plus(Duration.ofDays(4 * 366))));
    }

    @Override
    public Optional<Instant> nextStart(Instant at) {
      Instant from = endIfInside(at).orElse(at.plusSeconds(1));
      return cron.next(from, zone);
    }

    @Override
    public String describe() {
      return "cron '" + cron + "' " + zone;
    }
  }
}
