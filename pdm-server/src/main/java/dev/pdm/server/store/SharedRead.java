package dev.pdm.server.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * A store read made once for everyone who asked while the previous one ran: one read at a time, and whoever asks
 * gets a read that starts after they asked (never one already under way, which could miss what they just did). A
 * burst of askers costs a few reads instead of one each, which would take every pooled connection.
 */
public final class SharedRead<T> {
  private final Supplier<Future<T>> read;
  private Promise<T> next;
  private boolean reading;

  /** Sharing {@code read}, which is called once per read, when it starts. */
  public SharedRead(Supplier<Future<T>> read) {
    this.read = read;
  }

  /** The next read's result; completed on whichever thread the store answers on. */
  public Future<T> next() {
    Future<T> result;
    boolean start;
    synchronized (this) {
      if (next == null) {
        next = Promise.promise();
      }
      result = next.future();
      start = !reading;
      reading = true;
    }
    if (start) {
      readNext();
    }
    return result;
  }

  private void readNext() {
    Promise<T> asked;
    synchronized (this) {
      asked = next;
      next = null;
      if (asked == null) {
        reading = false;
        return;
      }
    }
    Future<T> started;
    try {
      started = read.get();
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    started.onComplete(done -> {
      asked.handle(done);
      readNext();
    });
  }
}
