package dev.pdm.sandbox.faults;

import dev.pdm.sandbox.scenario.ScenarioFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.LogFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.MigrationFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.PipelineFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.QaFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.WebhookFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The faults currently armed. One-shot and counted faults disarm themselves once used; a fault
 * armed {@code for_seconds} disarms itself when that much simulated time has passed.
 */
public final class InjectedFaults {

  private final Supplier<Instant> clock;
  private final List<MigrationFault> migrations = new ArrayList<>();
  private final List<QaFault> qa = new ArrayList<>();
  private final List<Armed<HttpFault>> http = new ArrayList<>();
  private final List<Armed<WebhookFault>> webhooks = new ArrayList<>();
  private final List<Armed<PipelineFault>> pipelines = new ArrayList<>();
  private final List<LogFault> logs = new ArrayList<>();

  /** Faults whose durations are measured on {@code clock} (the sandbox's simulated time). */
  public InjectedFaults(Supplier<Instant> clock) {
    this.clock = clock;
  }

  /** Arms every fault in {@code faults}, in addition to those already armed. */
  public synchronized void arm(ScenarioFaults faults) {
    Instant now = clock.get();
    migrations.addAll(faults.migrations());
    qa.addAll(faults.qa());
    faults.http().forEach(f -> http.add(f.forSeconds() != null
        ? Armed.until(f, now.plus(Duration.ofMillis(Math.round(f.forSeconds() * 1000))))
        : Armed.counted(f, f.times())));
    faults.webhooks().forEach(f -> webhooks.add(Armed.counted(f, f.times())));
    faults.pipelines().forEach(f -> pipelines.add(Armed.counted(f, f.times())));
    logs.addAll(faults.logs());
  }

  /** Arms one job-log fault (bulk output, ranges ignored). */
  public void arm(LogFault fault) {
    arm(new ScenarioFaults(null, null, null, null, null, List.of(fault)));
  }

  /** Arms one HTTP fault. */
  public void arm(HttpFault fault) {
    arm(new ScenarioFaults(null, null, List.of(fault), null, null));
  }

  /** Arms one pipeline fault (late commit, jobs left out). */
  public void arm(PipelineFault fault) {
    arm(new ScenarioFaults(null, null, null, null, List.of(fault)));
  }

  /** Arms one migration fault. */
  public void arm(MigrationFault fault) {
    arm(new ScenarioFaults(List.of(fault), null, null, null, null));
  }

  /** Disarms everything. */
  public synchronized void clear() {
    migrations.clear();
    qa.clear();
    http.clear();
    webhooks.clear();
    pipelines.clear();
    logs.clear();
  }

  /** What is armed now, as scenario faults. */
  public synchronized ScenarioFaults armed() {
    expire();
    return new ScenarioFaults(List.copyOf(migrations), List.copyOf(qa),
        http.stream().map(Armed::fault).toList(), webhooks.stream().map(Armed::fault).toList(),
        pipelines.stream().map(Armed::fault).toList(), List.copyOf(logs));
  }

  /**
   * The bulk output the migration job on {@code environment} prints during migration {@code
   * version}, the job's {@code first} migration or not.
   */
  public synchronized Optional<LogFault> bulkOutput(String environment, String version,
      boolean first) {
    return logs.stream().filter(f -> f.megabytes() != null && f.environment().equals(environment))
        .filter(f -> f.version() == null ? first : f.version().equals(version)).findFirst();
  }

  /** Whether GitLab ignores the Range header of trace requests. */
  public synchronized boolean traceRangeIgnored() {
    return logs.stream().anyMatch(f -> Boolean.TRUE.equals(f.ignoreRange()));
  }

  /**
   * The fault for this migration on this environment, consuming it if one-shot. Only a fault
   * that {@code applies} (the migration still has its failing operation) is taken.
   */
  public synchronized Optional<MigrationFault> migrationFailure(String environment,
      String version, Predicate<MigrationFault> applies) {
    Optional<MigrationFault> found = migrations.stream()
        .filter(f -> f.environment().equals(environment) && f.version().equals(version))
        .filter(applies).findFirst();
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

  /**
   * The pipeline fault that applies to a pipeline created in this project (path and id) on
   * {@code ref} for {@code environment} (empty when the pipeline names none), counting it.
   */
  public synchronized Optional<PipelineFault> pipelineFault(String projectPath, long projectId,
      String ref, Optional<String> environment) {
    return take(pipelines, f -> (f.project() == null || f.project().equals(projectPath)
            || f.project().equals(Long.toString(projectId)))
        && (f.ref() == null || f.ref().equals(ref))
        && (f.environment() == null || environment.filter(f.environment()::equals).isPresent()));
  }

  private <T> Optional<T> take(List<Armed<T>> armed, Predicate<T> applies) {
    expire();
    for (Armed<T> a : armed) {
      if (applies.test(a.fault)) {
        if (a.until == null && --a.remaining <= 0) {
          armed.remove(a);
        }
        return Optional.of(a.fault);
      }
    }
    return Optional.empty();
  }

  private void expire() {
    Instant now = clock.get();
    http.removeIf(a -> a.until != null && !now.isBefore(a.until));
  }

  /** A fault and how long it stays armed: a number of uses, or until a simulated instant. */
  private static final class Armed<T> {
    final T fault;
    final Instant until;
    int remaining;

    private Armed(T fault, int remaining, Instant until) {
      this.fault = fault;
      this.remaining = remaining;
      this.until = until;
    }

    static <T> Armed<T> counted(T fault, Integer times) {
      return new Armed<>(fault, times == null ? 1 : times, null);
    }

    static <T> Armed<T> until(T fault, Instant until) {
      return new Armed<>(fault, 0, until);
    }

    T fault() {
      return fault;
    }
  }
}
