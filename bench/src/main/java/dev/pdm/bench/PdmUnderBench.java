package dev.pdm.bench;

import dev.pdm.core.auth.TokenHash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * pdm as a benchmark measures it: the simulated GitLab ({@code pdm-sandbox.jar}, a chosen scenario) and pdm
 * ({@code pdm-server.jar}, not in sandbox mode: its own config pointing at that GitLab, its own embedded PostgreSQL
 * in a temporary directory), each in its own JVM, with an operator token for the benchmark's requests.
 */
final class PdmUnderBench implements AutoCloseable {
  static final String TOKEN = "bench-operator-token-0123456789abcdef";
  /** The secret pdm expects on {@code /hooks/gitlab} ({@code X-Gitlab-Token}). */
  static final String WEBHOOK_SECRET = "bench-webhook-secret-0123456789abcdef";
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Pattern PDM_READY = Pattern.compile("pdm is ready: (http://\\S+?)/?$");
  private static final Pattern SANDBOX_READY = Pattern.compile("^\\s+url:\\s+(http://\\S+)");
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final BenchArguments arguments;
  private final BenchProcess gitLab;
  private final String gitLabUrl;
  private final Path work;
  private BenchProcess pdm;
  private String pdmUrl;

  private PdmUnderBench(BenchArguments arguments, BenchProcess gitLab, String gitLabUrl, Path work) {
    this.arguments = arguments;
    this.gitLab = gitLab;
    this.gitLabUrl = gitLabUrl;
    this.work = work;
  }

  /**
   * Starts the simulated GitLab ({@code --sandbox-jar}, JVM options and arguments {@code sandboxArgs} after
   * {@code --port 0}) and pdm ({@code --pdm-jar}, {@code pdmJvm} and those of {@code --pdm-jvm}, space-separated),
   * pdm's config being the GitLab section, the operator token and {@code extraYaml} (more top-level YAML sections,
   * or empty).
   */
  static PdmUnderBench start(BenchArguments arguments, List<String> sandboxArgs, List<String> pdmJvm,
      String extraYaml) throws Exception {
    PdmUnderBench bench = withGitLab(arguments, sandboxArgs);
    try {
      bench.pdm = bench.launch("pdm", pdmJvm, extraYaml, 0, bench.work.resolve("data"));
      bench.pdmUrl = bench.pdm.awaitReady(READY);
      return bench;
    } catch (Exception e) {
      bench.close();
      throw e;
    }
  }

  /**
   * Starts the simulated GitLab alone, as {@link #start} does, for a benchmark that launches its pdm processes itself
   * ({@link #launch}); {@link #url}, {@link #pid} and the pdm requests are then not available.
   */
  static PdmUnderBench withGitLab(BenchArguments arguments, List<String> sandboxArgs) throws Exception {
    Path work = Files.createTempDirectory("pdm-bench-");
    List<String> sandboxCommand = new ArrayList<>(List.of("-jar",
        arguments.get("--sandbox-jar", "../pdm-sandbox/target/pdm-sandbox.jar"), "--port", "0"));
    sandboxCommand.addAll(sandboxArgs);
    BenchProcess gitLab = BenchProcess.start(SANDBOX_READY, List.of("-Xmx256m"), sandboxCommand);
    try {
      return new PdmUnderBench(arguments, gitLab, gitLab.awaitReady(READY), work);
    } catch (Exception e) {
      gitLab.close();
      throw e;
    }
  }

  /**
   * Launches a pdm against this simulated GitLab without waiting for it: config {@code <work>/<name>.yaml} (the GitLab
   * section, the operator token, {@code extraYaml}), {@code --port port} (0: any), {@code --data-dir dataDir}. It
   * prints {@code pdm is ready: <url>} once ready ({@link BenchProcess#awaitReady}).
   */
  BenchProcess launch(String name, List<String> jvm, String extraYaml, int port, Path dataDir) throws Exception {
    Path config = work.resolve(name + ".yaml");
    Files.writeString(config, """
        gitlab: {url: %s, token: sandbox-token, webhook_secret: %s}
        auth:
          live_sessions_per_token: 20000
          tokens:
            - {name: bench, role: operator, hash: "%s"}
        %s
        """.formatted(gitLabUrl, WEBHOOK_SECRET, TokenHash.create(TOKEN), extraYaml));
    List<String> options = new ArrayList<>(jvm);
    // e.g. --pdm-jvm -XX:StartFlightRecording=filename=pdm.jfr,settings=profile to see where pdm's time goes
    Arrays.stream(arguments.get("--pdm-jvm", "").split(" ")).filter(o -> !o.isBlank()).forEach(options::add);
    return BenchProcess.start(PDM_READY, options, List.of("-jar",
        arguments.get("--pdm-jar", "../pdm-server/target/pdm-server.jar"), "--config", config.toString(),
        "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
  }

  String url() {
    started();
    return pdmUrl;
  }

  String gitLabUrl() {
    return gitLabUrl;
  }

  long pid() {
    return started().pid();
  }

  private BenchProcess started() {
    if (pdm == null) {
      throw new IllegalStateException("no pdm started: this one has the simulated GitLab alone (withGitLab)");
    }
    return pdm;
  }

  /** What pdm printed so far (its first 5,000 lines): for a benchmark that failed, why. */
  String output() {
    return started().output();
  }

  /** The benchmark's scratch directory (pdm's config and data directory are in it). */
  Path work() {
    return work;
  }

  /** POSTs {@code body} (JSON, may be empty) to pdm with the operator token; the answer's body, or fails on >= 300. */
  String post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(pdmUrl + path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json"));
  }

  /** GETs {@code path} of pdm with the operator token; the answer's body, or fails on >= 300. */
  String get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(pdmUrl + path)).GET());
  }

  /** GETs {@code path} of the simulated GitLab (e.g. {@code /-/sandbox/traffic}). */
  String getGitLab(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(gitLabUrl + path)).GET());
  }

  /**
   * Sends {@code method path} (a JSON body, may be empty) to the simulated GitLab as its API user
   * ({@code sandbox-token}), e.g. {@code POST /api/v4/projects/:id/hooks} or {@code DELETE /-/sandbox/traffic}; the
   * answer's body, or fails on >= 300.
   */
  String toGitLab(String method, String path, String body) throws Exception {
    HttpRequest built = HttpRequest.newBuilder(URI.create(gitLabUrl + path))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("PRIVATE-TOKEN", "sandbox-token").build();
    return answer(built, http.send(built, HttpResponse.BodyHandlers.ofString()));
  }

  private String send(HttpRequest.Builder request) throws Exception {
    HttpRequest built = request.header("Authorization", "Bearer " + TOKEN).build();
    return answer(built, http.send(built, HttpResponse.BodyHandlers.ofString()));
  }

  private static String answer(HttpRequest built, HttpResponse<String> response) {
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(built.method() + " " + built.uri() + ": " + response.statusCode() + " "
          + response.body());
    }
    return response.body();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (pdm != null) {
        pdm.close();
      }
    } finally {
      gitLab.close();
    }
  }
}
