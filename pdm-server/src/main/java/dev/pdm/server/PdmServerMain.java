package dev.pdm.server;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.InvalidConfigException;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.store.DataDirectoryLock;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.EmbeddedDatabase;
import dev.pdm.server.logging.LogSetup;
import dev.pdm.server.metrics.PdmMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import dev.pdm.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code java -jar pdm-server.jar}: loads configuration, starts the store and the server, stops them on SIGTERM. */
@Command(name = "pdm-server", mixinStandardHelpOptions = true, versionProvider = PdmVersion.class,
    subcommands = HashTokenCommand.class,
    description = "Runs pdm: post-deploy database migrations, staging first, then production.")
public final class PdmServerMain implements Callable<Integer> {
  static final int EXIT_CONFIG = 2;
  private static final Logger LOG = LoggerFactory.getLogger(PdmServerMain.class);

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see docs/configuration.md)")
  Path configFile;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (server.port; default 8080)")
  Integer port;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Interface to listen on (server.host; default 0.0.0.0, or 127.0.0.1 with --sandbox)")
  String host;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Directory for the embedded PostgreSQL's data (server.data_dir; default ./.pdm-data)")
  Path dataDir;

  @Option(names = "--sandbox", description = "Run against a simulated GitLab and chat sink, in this process.")
  boolean sandbox;

  @Option(names = "--scenario", paramLabel = "S", defaultValue = "happy",
      description = "With --sandbox: the scenario to load (a name or a YAML file; default happy).")
  String scenario;

  @Option(names = "--sandbox-port", paramLabel = "P", defaultValue = "0",
      description = "With --sandbox: the simulated GitLab's port (default: any free port).")
  int sandboxPort;

  @Option(names = "--sandbox-speed", paramLabel = "F", defaultValue = "8",
      description = "With --sandbox: simulated seconds per real second (default 8: a whole run in about a minute).")
  double sandboxSpeed;

  @Option(names = "--sandbox-token", paramLabel = "T", defaultValue = SandboxOptions.DEFAULT_TOKEN,
      description = "With --sandbox: the simulated GitLab's token, also a pdm operator token (default sandbox-token).")
  String sandboxToken;

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(new CommandLine(new PdmServerMain()).execute(args));
  }

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    PdmConfig config;
    try {
      config = ConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), flags());
    } catch (InvalidConfigException e) {
      err.println("pdm-server: " + e.getMessage());
      return EXIT_CONFIG;
    }
    Optional<SandboxOptions> sandboxOptions;
    try {
      sandboxOptions = sandbox ? Optional.of(new SandboxOptions(SandboxMode.LOOPBACK, sandboxPort, sandboxToken,
          scenario, sandboxSpeed)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      err.println("pdm-server: --sandbox: " + e.getMessage());
      return EXIT_CONFIG;
    }
    if (sandbox) {
      Optional<String> refusal = SandboxMode.refusal(config);
      if (refusal.isPresent()) {
        err.println("pdm-server: " + refusal.get());
        return EXIT_CONFIG;
      }
      config = SandboxMode.localOnly(config, host != null);
    }
    LogSetup.apply(config);
    RunningPdm running;
    try {
      running = RunningPdm.start(config, sandboxOptions);
    } catch (IllegalStateException e) {
      err.println("pdm-server: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      running.stop();
      stopped.countDown();
    }, "pdm-shutdown"));
    stopped.await();
    return 0;
  }

  private Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    if (port != null) {
      flags.put("server.port", port.toString());
    }
    if (host != null) {
      flags.put("server.host", host);
    }
    if (dataDir != null) {
      flags.put("server.data_dir", dataDir.toString());
    }
    return flags;
  }

  /** The started pieces, stopped in reverse order. */
  record RunningPdm(Vertx vertx, DataDirectoryLock lock, Optional<EmbeddedDatabase> embedded, PdmServer server) {

    static RunningPdm start(PdmConfig configured, Optional<SandboxOptions> sandboxOptions) {
      PdmConfig config = configured;
      DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of(config.server().dataDir()));
      Optional<EmbeddedDatabase> embedded;
      try {
        embedded = config.database().url().isPresent() ? Optional.empty()
            : Optional.of(EmbeddedDatabase.start(Path.of(config.server().dataDir())));
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
      DatabaseUrl url = config.database().url().map(u -> DatabaseUrl.parse(u.reveal()))
          .orElseGet(() -> embedded.orElseThrow().url());
      PdmMetrics metrics = new PdmMetrics();
      Vertx vertx = Vertx.builder()
          .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
          .withMetrics(metrics.vertxMetricsFactory())
          .build();
      try {
        PdmServer server;
        if (sandboxOptions.isPresent()) {
          SandboxMode.Running sandboxed = await(SandboxMode.start(vertx, config, sandboxOptions.get(), url,
              config.auth().tokens(), metrics));
          server = sandboxed.server();
          config = sandboxed.config();
          sandboxed.banner(Path.of(configured.server().dataDir()).toAbsolutePath().toString())
              .forEach(System.out::println);
        } else {
          server = await(PdmServer.start(vertx, config, url, apiTokens(config), java.time.Clock.systemUTC(),
              metrics, false));
        }
        server.replica().ifPresent(LogSetup::replica);
        String publicUrl = config.server().publicUrl().orElse("http://localhost:" + server.port());
        System.out.println("pdm is ready: " + publicUrl + "/");
        if (config.auth().tokens().isEmpty() && sandboxOptions.isEmpty()) {
          System.out.println("no auth.tokens configured: the operator token is in "
              + Path.of(config.server().dataDir(), LocalOperatorToken.FILE).toAbsolutePath());
        }
        return new RunningPdm(vertx, lock, embedded, server);
      } catch (Exception e) {
        vertx.close();
        embedded.ifPresent(EmbeddedDatabase::close);
        lock.close();
        throw new IllegalStateException("pdm could not start: " + rootMessage(e), e);
      }
    }

    /** The configured tokens; without any, one local operator token kept in the data directory. */
    private static ApiTokens apiTokens(PdmConfig config) {
      if (!config.auth().tokens().isEmpty()) {
        return new ApiTokens(config.auth().tokens());
      }
      String token = LocalOperatorToken.loadOrCreate(Path.of(config.server().dataDir()));
      return new ApiTokens(List.of(new PdmConfig.ApiToken("local-operator", PdmConfig.Role.OPERATOR,
          TokenHash.create(token))));
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    void stop() {
      // Each step is awaited on its own: a callback of the HTTP server's close cannot run on a closing Vert.x.
      try {
        // Commands in flight get orchestrator.shutdown_grace_seconds to finish; the rest is quick.
        server.close().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("pdm did not stop cleanly: {}", rootMessage(e));
      }
      embedded.ifPresent(EmbeddedDatabase::close);
      lock.close();
    }

    private static String rootMessage(Throwable e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
  }
}
