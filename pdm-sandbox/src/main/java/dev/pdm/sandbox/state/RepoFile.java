package dev.pdm.sandbox.state;

import java.util.List;

/** A file added to a repository; post-migrate files carry their migration's operations. */
public record RepoFile(String path, String content, List<Operation> operations) {

  /** A migration method call and its simulated duration, per environment where it differs. */
  public record Operation(String call, double seconds, java.util.Map<String, Double> secondsOn) {
    public Operation {
      secondsOn = secondsOn == null ? java.util.Map.of() : java.util.Map.copyOf(secondsOn);
    }

    /** How long it takes on {@code environment}. */
    public double secondsOn(String environment) {
      return secondsOn.getOrDefault(environment, seconds);
    }
  }
}
