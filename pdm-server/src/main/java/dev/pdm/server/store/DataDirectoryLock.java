package dev.pdm.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One pdm per data directory: an exclusive lock on {@code <data-dir>/pdm.lock}, held while pdm runs. The operating
 * system releases it when the process dies, even by SIGKILL, so a restart after a crash is never refused, and a second
 * pdm started by mistake on the same directory stops before it touches the first one's PostgreSQL.
 */
public final class DataDirectoryLock implements AutoCloseable {
  /** The lock file's name in the data directory. */
  public static final String FILE = "pdm.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or fails naming the process that holds it. */
  public static DataDirectoryLock acquire(Path dataDir) {
    Path file = dataDir.toAbsolutePath().normalize().resolve(FILE);
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException inThisProcess) {
        lock = null;
      }
      if (lock == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new IllegalStateException("the data directory " + dataDir.toAbsolutePath().normalize() + " is in use by "
            + "another pdm" + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it first, or give this one"
            + " its own --data-dir");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      throw new IllegalStateException("could not lock the data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The process is stopping; the operating system drops the lock with it.
    }
  }
}
