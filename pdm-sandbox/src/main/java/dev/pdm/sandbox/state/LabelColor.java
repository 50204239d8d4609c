package dev.pdm.sandbox.state;

import java.util.List;

/** A stable colour per label name, picked from GitLab's palette. */
final class LabelColor {
  private static final List<String> PALETTE = List.of("#009966", "#8fbc8f", "#3cb371",
      "#6699cc", "#0000ff", "#483d8b", "#dc143c", "#cd5b45", "#ed9121", "#eee600", "#e6e6fa",
      "#36454f");

  private LabelColor() {
  }

  static String of(String name) {
    return PALETTE.get(Math.floorMod(name.hashCode(), PALETTE.size()));
  }
}
