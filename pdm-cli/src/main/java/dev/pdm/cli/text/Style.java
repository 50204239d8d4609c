package dev.pdm.cli.text;

import java.util.Locale;

/** ANSI colours, or none (off a terminal, with --no-color or NO_COLOR). */
public record Style(boolean colour) {
  public String bold(String text) {
    return wrap("1", text);
  }

  public String dim(String text) {
    return wrap("2", text);
  }

  public String red(String text) {
    return wrap("31", text);
  }

  public String yellow(String text) {
    return wrap("33", text);
  }

  /** A status word coloured by what it means: green done, red failed, yellow waiting or blocked, cyan moving. */
  public String status(String status) {
    return switch (status.toUpperCase(Locale.ROOT)) {
      case "SUCCEEDED", "SUCCESS", "PASS", "YES" -> wrap("32", status);
      case "FAILED", "FAIL", "ERROR", "NO", "ABANDONED" -> wrap("31", status);
      case "BLOCKED", "WAITING_FOR_DECISION", "TRIGGER_UNCERTAIN", "CANCELED", "CANCELING", "UNKNOWN" -> wrap("33", status);
      case "RUNNING", "CHECKING", "TRIGGERING", "RECORDING" -> wrap("36", status);
      default -> status;
    };
  }

  private String wrap(String code, String text) {
    return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
