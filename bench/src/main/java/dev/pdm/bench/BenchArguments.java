package dev.pdm.bench;

import java.util.Arrays;
import java.util.List;

/** A benchmark's command-line options, {@code --name value}, each with its default. */
final class BenchArguments {
  private final List<String> arguments;

  BenchArguments(String[] args) {
    this.arguments = Arrays.asList(args);
  }

  String get(String name, String fallback) {
    int at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : fallback;
  }

  int getInt(String name, int fallback) {
    return Integer.parseInt(get(name, Integer.toString(fallback)));
  }

  /** A comma-separated list of integers, e.g. {@code --clients 100,1000}. */
  int[] getInts(String name, String fallback) {
    return Arrays.stream(get(name, fallback).split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
