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
  private final BenchProcess gitLab;
  private final BenchProcess pdm;
  private final String gitLabUrl;
  private final String pdmUrl;
  private final Path work;

  private PdmUnderBench(BenchProcess gitLab, String gitLabUrl, BenchProcess pdm, String pdmUrl, Path work) {
    this.gitLab = gitLab;
    this.gitLabUrl = gitLabUrl;
    this.pdm = pdm;
    this.pdmUrl = pdmUrl;
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
    Path work = Files.createTempDirectory("pdm-bench-");
    List<String> sandboxCommand = new ArrayList<>(List.of("-jar",
        arguments.get("--sandbox-jar", "../pdm-sandbox/target/pdm-sandbox.jar"), "--port", "0"));
    sandboxCommand.addAll(sandboxArgs);
    BenchProcess gitLab = BenchProcess.start(SANDBOX_READY, List.of("-Xmx256m"), sandboxCommand);
    try {
      String gitLabUrl = gitLab.awaitReady(READY);
      Path config = work.resolve("pdm.yaml");
      Files.writeString(config, """
          gitlab: {url: %s, token: sandbox-token, webhook_secret: %s}
          auth:
            live_sessions_per_token: 20000
            tokens:
              - {name: bench, role: operator, hash: "%s"}
          %s
          """.formatted(gitLabUrl, WEBHOOK_SECRET, TokenHash.create(TOKEN), extraYaml));
      List<String> jvm = new ArrayList<>(pdmJvm);
      // e.g. --pdm-jvm -XX:StartFlightRecording=filename=pdm.jfr,settings=profile to see where pdm's time goes
      Arrays.stream(arguments.get("--pdm-jvm", "").split(" ")).filter(o -> !o.isBlank()).forEach(jvm::add);
      BenchProcess pdm = BenchProcess.start(PDM_READY, jvm, List.of("-jar",
          arguments.get("--pdm-jar", "../pdm-server/target/pdm-server.jar"), "--config", config.toString(),
          "--port", "0", "--data-dir", work.resolve("data").toString()));
      try {
        return new PdmUnderBench(gitLab, gitLabUrl, pdm, pdm.awaitReady(READY), work);
      } catch (Exception e) {
        pdm.close();
        throw e;
      }
    } catch (Exception e) {
      gitLab.close();
      throw e;
    }
  }

  String url() {
    return pdmUrl;
  }

  String gitLabUrl() {
    return gitLabUrl;
  }

  long pid() {
    return pdm.pid();
  }

  /** What pdm printed so far (its first 5,000 lines): for a benchmark that failed, why. */
  String output() {
    return pdm.output();
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

  /** POSTs {@code body} (JSON) to {@code path} of the simulated GitLab (e.g. {@code /-/sandbox/faults}). */
  String postGitLab(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(gitLabUrl + path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json"));
  }

  /** DELETEs {@code path} of the simulated GitLab (e.g. {@code /-/sandbox/traffic}). */
  String deleteGitLab(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(gitLabUrl + path)).DELETE());
  }

  private String send(HttpRequest.Builder request) throws Exception {
    HttpRequest built = request.header("Authorization", "Bearer " + TOKEN).build();
    HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(built.method() + " " + built.uri() + ": " + response.statusCode() + " "
          + response.body());
    }
    return response.body();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      pdm.close();
    } finally {
      gitLab.close();
    }
  }
}
