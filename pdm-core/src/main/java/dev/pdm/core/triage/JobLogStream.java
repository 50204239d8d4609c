package dev.pdm.core.triage;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.TraceRead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a job's log from GitLab through a {@link JobLogCursor} as it streams: the bytes are gathered into windows of at
 * most {@code windowBytes}, each window is parsed on a worker thread (never on the event loop), then the caller's
 * step after a window runs (storing what it gave) before anything more is read. A log of any size costs a window.
 */
public final class JobLogStream {
  /** Bytes the cursor decodes at a time, so that a window never needs a copy of itself as characters. */
  private static final int SLICE = 64 * 1024;
  private final Vertx vertx;
  private final GitLabClient gitLab;
  private final int windowBytes;

  public JobLogStream(Vertx vertx, GitLabClient gitLab, int windowBytes) {
    if (windowBytes < SLICE) {
      throw new IllegalArgumentException("windowBytes: expected at least " + SLICE + ", got " + windowBytes);
    }
    this.vertx = vertx;
    this.gitLab = gitLab;
    this.windowBytes = windowBytes;
  }

  /**
   * Reads the job's log from {@code cursor}'s read offset to its current end; the cleaned lines go to {@code lines}
   * (on a worker thread), and {@code afterWindow} runs after each window, on the caller's context.
   */
  public Future<TraceRead> read(String project, long jobId, JobLogCursor cursor, Consumer<String> lines,
      Supplier<Future<Void>> afterWindow) {
    Buffer[] pending = {Buffer.buffer(SLICE)};
    Function<Buffer, Future<Void>> parse = window -> vertx.<Void>executeBlocking(() -> {
      for (int from = 0; from < window.length(); from += SLICE) {
        cursor.feed(window.getBytes(from, Math.min(window.length(), from + SLICE)), lines);
      }
      return null;
    }, false).compose(parsed -> afterWindow.get());
    return gitLab.streamJobTrace(project, jobId, cursor.readOffset(), chunk -> {
      pending[0].appendBuffer(chunk);
      if (pending[0].length() < windowBytes) {
        return Future.succeededFuture();
      }
      Buffer window = pending[0];
      pending[0] = Buffer.buffer(SLICE);
      return parse.apply(window);
    }).compose(read -> pending[0].length() == 0 ? Future.succeededFuture(read) : parse.apply(pending[0]).map(read));
  }

  /** The log is complete: its last line counts even without a line break (parsed on a worker thread). */
  public Future<Void> finish(JobLogCursor cursor, Consumer<String> lines) {
    return vertx.executeBlocking(() -> {
      cursor.finish(lines);
      return null;
    }, false);
  }

  /**
   * Reads a whole job log and says what it shows (the failed migration, its error), keeping none of its lines nor the
   * migrations it finished: what triage needs of a log of any size.
   */
  public Future<MigrationLog> whole(String project, long jobId) {
    JobLogCursor cursor = JobLogCursor.atStart();
    return read(project, jobId, cursor, line -> { }, () -> {
      cursor.drainFinished();
      return Future.succeededFuture();
    }).compose(read -> finish(cursor, line -> { })).map(finished -> cursor.snapshot());
  }
}
