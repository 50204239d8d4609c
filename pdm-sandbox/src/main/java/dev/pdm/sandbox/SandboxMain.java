package dev.pdm.sandbox;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the standalone sandbox jar. */
@Command(name = "pdm-sandbox", mixinStandardHelpOptions = true,
    description = "A simulated GitLab (REST API v4, pipelines, webhooks) and chat sink.")
public final class SandboxMain implements Callable<Integer> {

  @Option(names = "--port", description = "Port to listen on (0: random). Default: ${DEFAULT-VALUE}")
  int port = 8929;

  @Option(names = "--host", description = "Address to bind. Default: ${DEFAULT-VALUE}")
  String host = "127.0.0.1";

  @Option(names = "--scenario", description = "Built-in scenario name or scenario file path."
      + " Default: ${DEFAULT-VALUE}")
  String scenario = "happy";

  @Option(names = "--token", description = "Token the API accepts. Default: sandbox-token")
  String token = SandboxOptions.DEFAULT_TOKEN;

  @Option(names = "--scenarios-dir", paramLabel = "DIR", description = "Directory whose"
      + " scenario files POST /-/sandbox/scenario may load (otherwise built-in names only).")
  Path scenariosDir;

  @Option(names = {"--speed", "--sandbox-speed"}, description = "Simulated seconds per second"
      + " (0: manual clock, driven through /-/sandbox/clock). Default: ${DEFAULT-VALUE}")
  double speed = SandboxOptions.DEFAULT_SPEED;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "pdm-sandbox-logback.xml");
    }
    System.exit(new CommandLine(new SandboxMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    Optional<GitLabSandbox> started = launch(vertx, System.out, System.err);
    if (started.isEmpty()) {
      vertx.close();
      return 1;
    }
    GitLabSandbox sandbox = started.get();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        sandbox.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }, "pdm-sandbox-shutdown"));
    stopped.await();
    return 0;
  }

  /** Starts the sandbox the options describe and prints where it serves; empty on failure. */
  Optional<GitLabSandbox> launch(Vertx vertx, PrintStream out, PrintStream err)
      throws InterruptedException, TimeoutException {
    try {
      GitLabSandbox sandbox = GitLabSandbox.start(vertx,
              new SandboxOptions(host, port, token, scenario, speed,
                  Optional.ofNullable(scenariosDir)))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      out.println("pdm-sandbox ready: scenario " + sandbox.scenario());
      out.println("  url:   " + sandbox.url() + "  (API: " + sandbox.apiUrl() + ")");
      out.println("  token: " + sandbox.token());
      out.println("  chat webhook: " + sandbox.chatWebhookUrl());
      out.println("  introspection: " + sandbox.url() + "/-/sandbox/ (loopback clients only)"
          + sandbox.options().scenariosDir().map(d -> "; scenario files from " + d).orElse(""));
      out.flush();
      return Optional.of(sandbox);
    } catch (IllegalArgumentException e) {
      err.println("pdm-sandbox: " + e.getMessage());
    } catch (ExecutionException e) {
      err.println("pdm-sandbox: cannot start: " + e.getCause().getMessage());
    }
    return Optional.empty();
  }
}
