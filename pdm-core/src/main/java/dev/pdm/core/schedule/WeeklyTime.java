package dev.pdm.core.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * A moment of the week, written {@code Fri 18:00}.
 *
 * @param day  the weekday
 * @param time the time of day
 */
public record WeeklyTime(DayOfWeek day, LocalTime time) {

  /** Parses {@code Fri 18:00} (three-letter or full English weekday, 24-hour time); the exception says what is expected. */
  public static WeeklyTime parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
    if (parts.length == 2) {
      for (DayOfWeek day : DayOfWeek.values()) {
        String full = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        if (full.equalsIgnoreCase(parts[0]) || full.substring(0, 3).equalsIgnoreCase(parts[0])) {
          String[] clock = parts[1].split(":");
          try {
            int hour = Integer.parseInt(clock[0]);
            int minute = clock.length == 2 ? Integer.parseInt(clock[1]) : -1;
            if (clock.length == 2 && hour == 24 && minute == 0) {
              return new WeeklyTime(day.plus(1), LocalTime.MIDNIGHT);
            }
            if (clock.length == 2 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60) {
              return new WeeklyTime(day, LocalTime.of(hour, minute));
            }
          } catch (NumberFormatException e) {
            // reported below
          }
        }
      }
    }
    throw new IllegalArgumentException("a weekday and a 24-hour time such as 'Fri 18:00'");
  }

  /** Minutes since Monday 00:00. */
  int minuteOfWeek() {
    return (day.getValue() - 1) * 24 * 60 + time.getHour() * 60 + time.getMinute();
  }

  @Override
  public String toString() {
    return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + time;
  }
}
