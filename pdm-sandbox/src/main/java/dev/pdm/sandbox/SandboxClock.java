package dev.pdm.sandbox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/**
 * The sandbox's simulated time. Everything that "takes time" in the sandbox (queued jobs, job
 * log lines, pipeline progress) is a task scheduled on this clock. In manual mode only tests move
 * it ({@link #advance}, {@link #runUntilIdle}); in real-time mode it follows the wall clock
 * multiplied by a speed factor. Tasks run on the sandbox's Vert.x context.
 */
public final class SandboxClock {

  private static final long TICK_MS = 50;
  private static final int IDLE_TASK_LIMIT = 1_000_000;

  private final Vertx vertx;
  private final Context context;
  private final double speed;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private volatile Instant now;
  private long sequence;
  private long timerId = -1;

  SandboxClock(Vertx vertx, Context context, Instant start, double speed) {
    this.vertx = vertx;
    this.context = context;
    this.now = start.truncatedTo(ChronoUnit.MILLIS);
    this.speed = speed;
  }

  /** The current simulated instant. */
  public Instant now() {
    return now;
  }

  /**
   * This clock as a {@link java.time.Clock}: a program driving the sandbox (pdm in sandbox mode) reads the same
   * simulated time, so that its own waits (a quiet period, a backoff) move when a test moves the sandbox's clock.
   */
  public java.time.Clock asClock() {
    return new SimulatedClock(this, java.time.ZoneOffset.UTC);
  }

  /** A {@link java.time.Clock} reading a {@link SandboxClock}. */
  private static final class SimulatedClock extends java.time.Clock {
    private final SandboxClock source;
    private final java.time.ZoneId zone;

    SimulatedClock(SandboxClock source, java.time.ZoneId zone) {
      this.source = source;
      this.zone = zone;
    }

    @Override
    public java.time.ZoneId getZone() {
      return zone;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId other) {
      return new SimulatedClock(source, other);
    }

    @Override
    public Instant instant() {
      return source.now();
    }
  }

  /** True when only {@link #advance} and {@link #runUntilIdle} move time. */
  public boolean manual() {
    return speed <= 0;
  }

  /** Simulated seconds per wall-clock second in real-time mode; 0 in manual mode. */
  public double speed() {
    return Math.max(speed, 0);
  }

  /** Number of tasks still scheduled. */
  public int pendingTasks() {
    return tasks.size();
  }

  /** Schedules a task {@code after} from now. Call on the sandbox context only. */
  public void schedule(Duration after, Runnable task) {
    tasks.add(new Task(now.plus(after.isNegative() ? Duration.ZERO : after), sequence++, task));
  }

  /** Moves time forward by {@code duration}, running every task that falls due on the way. */
  public Future<Void> advance(Duration duration) {
    return onContext(() -> {
      runDue(now.plus(duration));
      return null;
    });
  }

  /** Runs scheduled tasks, jumping time forward, until nothing is scheduled any more. */
  public Future<Void> runUntilIdle() {
    return onContext(() -> {
      int ran = 0;
      while (!tasks.isEmpty() && ran++ < IDLE_TASK_LIMIT) {
        Task next = tasks.poll();
        now = next.at.isAfter(now) ? next.at : now;
        next.action.run();
      }
      return null;
    });
  }

  void startRealTime() {
    if (!manual()) {
      context.runOnContext(v -> timerId = vertx.setPeriodic(TICK_MS, id ->
          runDue(now.plusMillis(Math.round(TICK_MS * speed)))));
    }
  }

  void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    tasks.clear();
  }

  void clear() {
    tasks.clear();
  }

  /** Sets the time, for a scenario that starts at a given moment; only while loading it, with nothing scheduled. */
  void startAt(Instant instant) {
    now = instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private void runDue(Instant target) {
    while (!tasks.isEmpty() && !tasks.peek().at.isAfter(target)) {
      Task next = tasks.poll();
      now = next.at.isAfter(now) ? next.at : now;
      next.action.run();
    }
    now = target.isAfter(now) ? target : now;
  }

  private <T> Future<T> onContext(Callable<T> action) {
    return ContextCall.on(context, action);
  }

  private record Task(Instant at, long sequence, Runnable action) implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
