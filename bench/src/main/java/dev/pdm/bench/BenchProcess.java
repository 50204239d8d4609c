package dev.pdm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server the benchmark measures, in its own JVM: started, awaited until it prints its URL, and stopped. */
final class BenchProcess implements AutoCloseable {
  private final Process process;
  private final CompletableFuture<String> url = new CompletableFuture<>();
  private final List<String> output = new ArrayList<>();

  private BenchProcess(Process process, Pattern ready) {
    this.process = process;
    Thread reader = new Thread(() -> read(ready), "output of " + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java JVM_OPTIONS ARGS} (ARGS: {@code -jar JAR ...} or {@code -cp JAR MAIN ...}). */
  static BenchProcess start(Pattern ready, List<String> jvmOptions, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(args);
    return new BenchProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), ready);
  }

  /** The URL the process printed once ready. */
  String awaitReady(Duration timeout) throws Exception {
    try {
      return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("not ready after " + timeout + ":\n" + output(), e);
    }
  }

  long pid() {
    return process.pid();
  }

  synchronized String output() {
    return String.join("\n", output);
  }

  private void read(Pattern ready) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        synchronized (this) {
          if (output.size() < 5_000) {
            output.add(line);
          }
        }
        Matcher matcher = ready.matcher(line);
        if (!url.isDone() && matcher.find()) {
          url.complete(matcher.group(1));
        }
      }
    } catch (IOException e) {
      url.completeExceptionally(e);
    }
    url.completeExceptionally(new IllegalStateException("the process ended"));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
