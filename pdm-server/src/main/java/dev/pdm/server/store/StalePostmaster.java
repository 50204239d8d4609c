package dev.pdm.server.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running by a pdm that was killed (kill -9 does not stop the child). Without this, a restart on the
 * same data directory would fail on the old server's {@code postmaster.pid}.
 */
final class StalePostmaster {
  private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

  private StalePostmaster() {
  }

  static void stopIfRunning(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    Optional<ProcessHandle> process = lines.isEmpty() ? Optional.empty() : parse(lines.get(0))
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> isPostgresFor(p, pgData));
    if (process.isEmpty()) {
      return;
    }
    ProcessHandle postmaster = process.get();
    LOG.warn("a PostgreSQL from an earlier pdm (pid {}) still runs on {}; stopping it", postmaster.pid(), pgData);
    postmaster.destroy();
    try {
      postmaster.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      postmaster.destroyForcibly();
    }
  }

  private static Optional<Long> parse(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isPostgresFor(ProcessHandle process, Path pgData) {
    try {
      String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
          .replace('\0', ' ');
      return cmdline.contains("postgres") && cmdline.contains(pgData.toString());
    } catch (IOException e) {
      return process.info().command().map(c -> c.contains("postgres")).orElse(false);
    }
  }
}
