package dev.pdm.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

/**
 * Open-loop webhook load on one server: delivery i is due at {@code start + i / rate} whatever the answers to the
 * earlier ones, and its answer time counts from that due time, so a server that stalls shows the whole stall (no
 * coordinated omission). Sent by a few senders, each on its own event loop with its own pool of keep-alive HTTP/1.1
 * connections; deliveries the pool cannot send at once wait in its queue, their wait counted.
 */
final class OpenLoopLoad implements AutoCloseable {
  /** How long the answers still outstanding when a run stops are waited for; those later count as missed. */
  private static final Duration DRAIN = Duration.ofSeconds(30);
  private final Vertx vertx;
  private final List<Sender> senders;
  private final List<String> deployments;

  private OpenLoopLoad(Vertx vertx, List<Sender> senders, List<String> deployments) {
    this.vertx = vertx;
    this.senders = senders;
    this.deployments = deployments;
  }

  /** {@code senders} senders to {@code server}, {@code connections} connections in all. */
  static OpenLoopLoad to(Vertx vertx, URI server, String path, String secret, int connections, int senders)
      throws Exception {
    List<Sender> all = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      Sender sender = new Sender(server, path, secret, Math.max(1, connections / senders), s, senders);
      ids.add(vertx.deployVerticle(sender).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES));
      all.add(sender);
    }
    return new OpenLoopLoad(vertx, all, ids);
  }

  /**
   * Starts sending {@code rate} deliveries a second ({@code deliveries} gives the i-th), recording the answers of
   * those due after {@code warmUp}.
   */
  Run start(int rate, Duration warmUp, LongFunction<Delivery> deliveries) {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
    Run run = new Run(start, 1_000_000_000.0 / rate, start + warmUp.toNanos(), deliveries);
    senders.forEach(s -> s.begin(run));
    return run;
  }

  @Override
  public void close() throws Exception {
    for (String id : deployments) {
      vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }

  /** One webhook to send: its {@code X-Gitlab-Event} and body. */
  record Delivery(String event, Buffer body) {
  }

  /** What one run sent and got. */
  record Result(Latencies latencies, Latencies sendLag, long due, long answered2xx, Map<Integer, Long> otherStatuses,
      long errors, long missed, String firstError, double seconds) {
    /** Deliveries due per second in the recorded window, as sent. */
    double rate() {
      return due / seconds;
    }

    /** Every recorded delivery answered 2xx in time. */
    boolean clean() {
      return answered2xx == due && errors == 0 && missed == 0;
    }
  }

  /** One run of the load: deliveries due on a schedule until stopped. */
  static final class Run {
    private final long start;
    private final double interval;
    private final long recordFrom;
    private final LongFunction<Delivery> deliveries;
    private final long nonce = ThreadLocalRandom.current().nextLong();
    private final AtomicLong outstanding = new AtomicLong();
    private final LongAdder due = new LongAdder();
    private final LongAdder answered2xx = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private volatile String firstError;
    private volatile long stopAt = Long.MAX_VALUE;
    private final Samples answers = new Samples();
    private final Samples lags = new Samples();

    private Run(long start, double interval, long recordFrom, LongFunction<Delivery> deliveries) {
      this.start = start;
      this.interval = interval;
      this.recordFrom = recordFrom;
      this.deliveries = deliveries;
    }

    long dueAt(long index) {
      return start + (long) (index * interval);
    }

    /** Stops scheduling now, waits for the outstanding answers (at most 30 s), and says what the run got. */
    Result stop() throws InterruptedException {
      long end = System.nanoTime();
      stopAt = end;
      long deadline = end + DRAIN.toNanos();
      while (outstanding.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long missed = outstanding.get();
      Map<Integer, Long> other = new TreeMap<>();
      statuses.forEach((status, n) -> other.put(status, n.sum()));
      return new Result(Latencies.of(answers.all(), due.sum()), Latencies.of(lags.all(), due.sum()), due.sum(),
          answered2xx.sum(), other, errors.sum(), missed, firstError, Math.max(1e-9, (end - recordFrom) / 1e9));
    }
  }

  /** Nanosecond samples added from several event loops. */
  private static final class Samples {
    private long[] nanos = new long[1 << 16];
    private int count;

    synchronized void add(long sample) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = sample;
    }

    synchronized long[] all() {
      return Arrays.copyOf(nanos, count);
    }
  }

  /** Sends its share of a run's deliveries (index ≡ its number, modulo the senders) from its own event loop. */
  private static final class Sender extends VerticleBase {
    private final URI server;
    private final String path;
    private final String secret;
    private final int connections;
    private final int number;
    private final int of;
    private HttpClient client;
    private long timer;
    private volatile Run run;
    private long next;

    Sender(URI server, String path, String secret, int connections, int number, int of) {
      this.server = server;
      this.path = path;
      this.secret = secret;
      this.connections = connections;
      this.number = number;
      this.of = of;
    }

    @Override
    public Future<?> start() {
      client = vertx.httpClientBuilder()
          .with(new HttpClientOptions().setKeepAlive(true).setPipelining(false).setConnectTimeout(30_000))
          .with(new PoolOptions().setHttp1MaxSize(connections))
          .build();
      // Every millisecond, sends whatever fell due since: a late timer sends a burst, its lateness counted.
      timer = vertx.setPeriodic(1, id -> tick());
      return Future.succeededFuture();
    }

    void begin(Run run) {
      context.runOnContext(v -> {
        this.next = number;
        this.run = run;
      });
    }

    private void tick() {
      Run current = run;
      if (current == null) {
        return;
      }
      long now = System.nanoTime();
      while (true) {
        long dueAt = current.dueAt(next);
        if (dueAt > now || dueAt >= current.stopAt) {
          break;
        }
        send(current, next, dueAt);
        next += of;
      }
      if (current.stopAt != Long.MAX_VALUE && current.dueAt(next) >= current.stopAt) {
        run = null;
      }
    }

    private void send(Run current, long index, long dueAt) {
      boolean recorded = dueAt >= current.recordFrom;
      if (recorded) {
        current.due.increment();
        // How late this process sends it: a stalled load generator, not the server, when this is high too.
        current.lags.add(System.nanoTime() - dueAt);
      }
      current.outstanding.incrementAndGet();
      Delivery delivery = current.deliveries.apply(index);
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(server.getHost())
          .setPort(server.getPort()).setURI(path).setIdleTimeout(DRAIN.toMillis())
          .putHeader("Content-Type", "application/json")
          .putHeader("User-Agent", "GitLab/17.6.0")
          .putHeader("X-Gitlab-Event", delivery.event())
          .putHeader("X-Gitlab-Token", secret)
          .putHeader("X-Gitlab-Instance", "https://gitlab.example.com")
          .putHeader("X-Gitlab-Webhook-UUID", "6d7a0c1e-8f0b-4c1e-9a55-3f6d2b7e1c90")
          .putHeader("X-Gitlab-Event-UUID", new UUID(current.nonce, index).toString());
      client.request(options)
          .compose(request -> request.send(delivery.body()))
          .compose(response -> response.body().map(b -> response.statusCode()))
          .onComplete(done -> {
            current.outstanding.decrementAndGet();
            if (!recorded) {
              return;
            }
            if (done.failed()) {
              current.errors.increment();
              if (current.firstError == null) {
                current.firstError = String.valueOf(done.cause());
              }
              return;
            }
            current.answers.add(System.nanoTime() - dueAt);
            int status = done.result();
            if (status >= 200 && status < 300) {
              current.answered2xx.increment();
            } else {
              current.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            }
          });
    }

    @Override
    public Future<?> stop() {
      vertx.cancelTimer(timer);
      return client.close();
    }
  }
}
