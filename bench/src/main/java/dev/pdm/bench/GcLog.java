package dev.pdm.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GC log of a JVM under benchmark ({@code -Xlog:gc:file=...}): each collection logs the heap in use before and
 * after it, so the highest "before" is the peak heap used (exact at a collection, to the MB), and a full collection
 * asked for ({@code jcmd GC.run}) gives the heap the process keeps.
 */
final class GcLog {
  private static final Pattern PAUSE = Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\(\\d+M\\)");
  private static final Pattern FULL = Pattern.compile("Pause Full \\(Diagnostic Command\\) (\\d+)M->(\\d+)M");
  private final Path file;

  GcLog(Path file) {
    this.file = file;
  }

  /** The JVM option that writes this log. */
  String option() {
    return "-Xlog:gc:file=" + file;
  }

  /** Lines logged so far: where a measurement starts. */
  int mark() throws IOException {
    return lines().size();
  }

  /** The most heap in use before a collection logged after line {@code from}, in MB (0 when none). */
  long peakBeforeCollection(int from) throws IOException {
    List<String> lines = lines();
    long peak = 0;
    for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
      Matcher pause = PAUSE.matcher(line);
      if (pause.find()) {
        peak = Math.max(peak, Long.parseLong(pause.group(1)));
      }
    }
    return peak;
  }

  /** Collections logged after line {@code from}. */
  long collections(int from) throws IOException {
    List<String> lines = lines();
    return lines.subList(Math.min(from, lines.size()), lines.size()).stream()
        .filter(l -> PAUSE.matcher(l).find()).count();
  }

  /** Asks {@code pid} for a full collection now and answers the heap in use after it, in MB. */
  long liveAfterFullCollection(long pid) throws Exception {
    int from = mark();
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), "GC.run").redirectErrorStream(true).start();
    jcmd.getInputStream().transferTo(OutputStream.nullOutputStream());
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + pid + " GC.run failed");
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = lines();
      for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
        Matcher full = FULL.matcher(line);
        if (full.find()) {
          return Long.parseLong(full.group(2));
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no full collection logged in " + file);
  }

  private List<String> lines() throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
