package dev.pdm.core.run;

/** Text checks on operator input, which may come from JSON with fields missing. */
final class Text {

  private Text() {
  }

  static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
