package dev.pdm.core.config;

import dev.pdm.core.config.PdmConfig.AutoExecute;
import dev.pdm.core.config.PdmConfig.ConfiguredDenyWindow;
import dev.pdm.core.config.PdmConfig.Environment;
import dev.pdm.core.config.PdmConfig.Schedule;
import dev.pdm.core.config.PdmConfig.Tier;
import dev.pdm.core.schedule.CronExpression;
import dev.pdm.core.schedule.DenyWindow;
import dev.pdm.core.schedule.WeeklyTime;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Reads {@code schedule}: deny windows and automatic runs. */
final class ScheduleReader {
  private ScheduleReader() {
  }

  static Schedule schedule(ConfigNode n, List<Environment> environments) {
    List<ConfiguredDenyWindow> windows = n.list("deny_windows", w -> denyWindow(w, environments), List.of());
    Optional<AutoExecute> auto = Optional.empty();
    if (n.has("auto_execute")) {
      ConfigNode a = n.object("auto_execute");
      Optional<CronExpression> cron = cron(a, "cron");
      if (cron.isEmpty() && !a.has("cron")) {
        a.problem("cron", null, "required: when scheduled runs start, e.g. '0 3 * * 2-4'");
      }
      ZoneId zone = zone(a);
      auto = cron.map(c -> new AutoExecute(c, zone));
    }
    return new Schedule(windows, auto);
  }

  private static ConfiguredDenyWindow denyWindow(ConfigNode n, List<Environment> environments) {
    String name = n.requiredString("name");
    ZoneId zone = zone(n);
    List<String> production = environments.stream().filter(e -> e.tier() == Tier.PRODUCTION).map(Environment::name).toList();
    List<String> applies = n.strings("environments", production);
    List<String> known = environments.stream().map(Environment::name).toList();
    applies.stream().filter(e -> !known.contains(e))
        .forEach(e -> n.problem("environments", e, "names of configured environments " + known));
    boolean weekly = n.has("from") || n.has("to");
    if (weekly && n.has("cron")) {
      n.problem("cron", n.optionalString("cron").orElse(""), "either from/to or cron, not both");
    }
    DenyWindow window;
    if (weekly) {
      WeeklyTime from = weekly(n, "from");
      WeeklyTime to = weekly(n, "to");
      if (from.equals(to)) {
        n.problem("to", n.optionalString("to").orElse(""), "a moment other than 'from' (" + from + ")");
      }
      window = new DenyWindow.Weekly(name, from, to, zone);
    } else {
      Optional<CronExpression> cron = cron(n, "cron");
      if (cron.isEmpty() && !n.has("cron")) {
        n.problem("cron", null, "required unless from and to are given: the minutes the window covers, e.g."
            + " '* 1-3 * * *' for 01:00 to 04:00");
      }
      window = new DenyWindow.Cron(name, cron.orElse(CronExpression.parse("0 0 1 1 *")), zone);
    }
    return new ConfiguredDenyWindow(window, applies);
  }

  private static WeeklyTime weekly(ConfigNode n, String key) {
    Optional<String> text = n.optionalString(key);
    if (text.isEmpty()) {
      n.problem(key, null, "required with " + ("from".equals(key) ? "to" : "from") + ": a weekday and time such as 'Fri 18:00'");
      return new WeeklyTime(java.time.DayOfWeek.MONDAY, java.time.LocalTime.MIDNIGHT);
    }
    try {
      return WeeklyTime.parse(text.get());
    } catch (IllegalArgumentException e) {
      n.problem(key, text.get(), e.getMessage());
      return new WeeklyTime(java.time.DayOfWeek.MONDAY, java.time.LocalTime.MIDNIGHT);
    }
  }

  private static Optional<CronExpression> cron(ConfigNode n, String key) {
    Optional<String> text = n.optionalString(key);
    try {
      return text.map(CronExpression::parse);
    } catch (IllegalArgumentException e) {
      n.problem(key, text.orElse(""), "a cron expression: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static ZoneId zone(ConfigNode n) {
    Optional<String> text = n.optionalString("time_zone");
    try {
      return text.map(ZoneId::of).orElse(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      n.problem("time_zone", text.orElse(""), "a time zone such as UTC or Europe/Amsterdam");
      return ZoneOffset.UTC;
    }
  }
}
