package dev.pdm.core.gitlab;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body read as it streams in, keeping only its last {@code maxBytes}: a job log of any size costs at most
 * twice that much memory while it is read.
 */
final class TailCodec implements BodyCodec<Buffer> {
  private final int maxBytes;

  TailCodec(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: expected more than 0, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  @Override
  public BodyStream<Buffer> stream() {
    return new Tail(maxBytes);
  }

  /** Keeps the newest {@code maxBytes} written, in a buffer compacted when it grows to twice that. */
  private static final class Tail implements BodyStream<Buffer> {
    private final int maxBytes;
    private final Promise<Buffer> result = Promise.promise();
    private Buffer kept = Buffer.buffer();

    Tail(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public Future<Buffer> result() {
      return result.future();
    }

    @Override
    public void handle(Throwable failure) {
      result.tryFail(failure);
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      kept.appendBuffer(data);
      if (kept.length() > 2 * maxBytes) {
        kept = kept.getBuffer(kept.length() - maxBytes, kept.length());
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      result.tryComplete(kept.length() > maxBytes ? kept.getBuffer(kept.length() - maxBytes, kept.length()) : kept);
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
