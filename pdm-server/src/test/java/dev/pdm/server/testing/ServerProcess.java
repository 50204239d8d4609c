package dev.pdm.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged {@code pdm-server.jar} run as a separate process, as a user would run it. */
public final class ServerProcess implements AutoCloseable {
  /** The line pdm-server prints when it listens. */
  public static final Pattern PDM_READY = Pattern.compile("pdm is ready: (http://\\S+?)/?$");
  /** The line pdm-sandbox prints when it listens. */
  public static final Pattern SANDBOX_READY = Pattern.compile("^\\s+url:\\s+(http://\\S+)");
  private final Process process;
  private final Pattern ready;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private volatile String url;

  private ServerProcess(Process process, Pattern ready) {
    this.process = process;
    this.ready = ready;
    Thread reader = new Thread(this::readOutput, "pdm-server-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -jar pdm-server.jar ARGS}, with stderr merged into the captured output. */
  public static ServerProcess start(String... args) throws IOException {
    return start(jar("pdm.server.jar"), PDM_READY, args);
  }

  /** Starts pdm with a configuration file, on any free port, with a data directory of its own. */
  public static ServerProcess startReplica(Path config, Path dataDir) throws IOException {
    return start("--config", config.toString(), "--port", "0", "--data-dir", dataDir.toString());
  }

  /** Starts {@code java -jar pdm-sandbox.jar ARGS}. */
  public static ServerProcess startSandbox(String... args) throws IOException {
    return start(jar("pdm.sandbox.jar"), SANDBOX_READY, args);
  }

  private static ServerProcess start(String jar, Pattern ready, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    command.addAll(List.of(args));
    return new ServerProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), ready);
  }

  private static String jar(String property) {
    String jar = System.getProperty(property);
    if (jar == null) {
      throw new IllegalStateException(property + " is not set: run this test with ./mvnw verify");
    }
    return jar;
  }

  /** Waits for the ready line and returns the URL it printed. */
  public String awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (url == null && System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("pdm-server exited with " + process.exitValue() + ":\n" + output());
      }
      Thread.sleep(50);
    }
    if (url == null) {
      throw new IllegalStateException("pdm-server not ready after " + timeout + ":\n" + output());
    }
    return url;
  }

  /** Sends SIGTERM and waits for the exit status. */
  public int terminate(Duration timeout) throws InterruptedException {
    // Through the handle, because Process.destroy() also closes our end of its output and we would miss the last lines.
    process.toHandle().destroy();
    return awaitExit(timeout);
  }

  /** kill -9: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process stops dead, holding whatever it held, as a paused VM or a long GC pause would. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("pdm-server still running after " + timeout + ":\n" + output());
    }
    // Give the reader thread the last lines.
    Thread.sleep(100);
    return process.exitValue();
  }

  public String output() {
    return String.join("\n", output);
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

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        Matcher m = ready.matcher(line);
        if (m.find()) {
          url = m.group(1);
        }
      }
    } catch (IOException e) {
      output.add("(output closed: " + e.getMessage() + ")");
    }
  }
}
