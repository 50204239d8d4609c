package dev.pdm.sandbox;

import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    SandboxOptions options;
    try {
      options = new SandboxOptions(host, port, token, scenario, speed);
    } catch (IllegalArgumentException e) {
      System.err.println("pdm-sandbox: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    GitLabSandbox sandbox;
    try {
      sandbox = GitLabSandbox.start(vertx, options).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("pdm-sandbox: cannot start: " + e.getCause().getMessage());
      vertx.close();
      return 1;
    }
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
    System.out.println("pdm-sandbox ready: scenario " + sandbox.scenario());
    System.out.println("  url:   " + sandbox.url() + "  (API: " + sandbox.apiUrl() + ")");
    System.out.println("  token: " + sandbox.token());
    System.out.println("  chat webhook: " + sandbox.chatWebhookUrl());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
