package dev.pdm.sandbox.faults;

import dev.pdm.sandbox.scenario.ScenarioFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.MigrationFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.QaFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.WebhookFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The faults currently armed. One-shot and counted faults disarm themselves once used. */
public final class InjectedFaults {

  private final List<MigrationFault> migrations = new ArrayList<>();
  private final List<QaFault> qa = new ArrayList<>();
  private final List<Counted<HttpFault>> http = new ArrayList<>();
  private final List<Counted<WebhookFault>> webhooks = new ArrayList<>();

  /** Arms every fault in {@code faults}, in addition to those already armed. */
  public synchronized void arm(ScenarioFaults faults) {
    migrations.addAll(faults.migrations());
    qa.addAll(faults.qa());
    faults.http().forEach(f -> http.add(new Counted<>(f, f.times() == null ? 1 : f.times())));
    faults.webhooks().forEach(f -> webhooks.add(new Counted<>(f,
        f.times() == null ? 1 : f.times())));
  }

  /** Disarms everything. */
  public synchronized void clear() {
    migrations.clear();
    qa.clear();
    http.clear();
    webhooks.clear();
  }

  /** What is armed now, as scenario faults. */
  public synchronized ScenarioFaults armed() {
    return new ScenarioFaults(List.copyOf(migrations), List.copyOf(qa),
        http.stream().map(c -> c.fault).toList(), webhooks.stream().map(c -> c.fault).toList());
  }

  /** The fault for this migration on this environment, consuming it if one-shot. */
  public synchronized Optional<MigrationFault> migrationFailure(String environment,
      String version) {
    Optional<MigrationFault> found = migrations.stream()
        .filter(f -> f.environment().equals(environment) && f.version().equals(version))
        .findFirst();
    found.filter(MigrationFault::oneShot).ifPresent(migrations::remove);
    return found;
  }

  /** The fault for this QA job against this environment, consuming it if one-shot. */
  public synchronized Optional<QaFault> qaFailure(String environment, String job) {
    Optional<QaFault> found = qa.stream()
        .filter(f -> f.job().equals(job)
            && (f.environment() == null || f.environment().equals(environment)))
        .findFirst();
    found.filter(QaFault::oneShot).ifPresent(qa::remove);
    return found;
  }

  /** The HTTP fault that applies to this request, counting it as used. */
  public synchronized Optional<HttpFault> httpFault(String method, String apiPath) {
    return take(http, f -> (f.method() == null || f.method().equalsIgnoreCase(method))
        && (f.path() == null || Pattern.compile(f.path()).matcher(apiPath).find()));
  }

  /** The webhook fault that applies to a delivery of this event, counting it as used. */
  public synchronized Optional<WebhookFault> webhookFault(String event) {
    return take(webhooks, f -> f.event() == null || f.event().equals(event));
  }

  private static <T> Optional<T> take(List<Counted<T>> armed,
      java.util.function.Predicate<T> applies) {
    for (Counted<T> c : armed) {
      if (applies.test(c.fault)) {
        if (--c.remaining <= 0) {
          armed.remove(c);
        }
        return Optional.of(c.fault);
      }
    }
    return Optional.empty();
  }

  private static final class Counted<T> {
    final T fault;
    int remaining;

    Counted(T fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }
}
