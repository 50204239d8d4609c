package dev.pdm.server.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The image {@code ./mvnw -Pimage package} writes (pdm-server/target/pdm-server-image.tar): its configuration (user,
 * entrypoint, port, volumes, labels), and, where this test runs as root, the image itself unpacked into a directory
 * and started there with chroot as its user: pdm comes up in sandbox mode and answers /health/ready.
 */
class ContainerImageIT {
  private final Path tarball = Path.of(System.getProperty("pdm.image.tar", "target/pdm-server-image.tar"));

  @Test
  void theImageRunsPdmAsAnUnprivilegedUserWithItsPortVolumesAndLabels() throws Exception {
    assumeTrue(Files.isRegularFile(tarball), "no image tarball at " + tarball + ": build it with ./mvnw -Pimage package");
    Path unpacked = Files.createTempDirectory("pdm-image");
    try {
      inspectAndStart(unpacked);
    } finally {
      deleteWithoutCrossingMounts(unpacked);
    }
  }

  private void inspectAndStart(Path unpacked) throws Exception {
    run(List.of("tar", "-xf", tarball.toString(), "-C", unpacked.toString()));
    JsonObject index = json(unpacked.resolve("index.json"));
    JsonObject manifest = json(blob(unpacked, index.getJsonArray("manifests").getJsonObject(0).getString("digest")));
    JsonObject config = json(blob(unpacked, manifest.getJsonObject("config").getString("digest")))
        .getJsonObject("config");

    assertThat(config.getString("User")).isEqualTo("10001:10001");
    assertThat(config.getJsonArray("Entrypoint").getList()).startsWith("/opt/java/bin/java")
        .endsWith("-cp", "@/app/jib-classpath-file", "dev.pdm.server.PdmServerMain");
    assertThat(config.getJsonObject("ExposedPorts").fieldNames()).containsExactly("8080/tcp");
    assertThat(config.getJsonObject("Volumes").fieldNames()).containsExactlyInAnyOrder("/var/lib/pdm", "/tmp");
    assertThat(config.getJsonArray("Env").getList()).contains("PDM_SERVER_DATA_DIR=/var/lib/pdm");
    JsonObject labels = config.getJsonObject("Labels");
    assertThat(labels.getString("org.opencontainers.image.title")).isEqualTo("pdm");
    assertThat(labels.getString("org.opencontainers.image.version")).isNotBlank();
    assertThat(labels.getString("org.opencontainers.image.base.name")).isEqualTo("scratch");

    Path root = unpacked.resolve("rootfs");
    Files.createDirectories(root);
    JsonArray layers = manifest.getJsonArray("layers");
    for (int i = 0; i < layers.size(); i++) {
      run(List.of("tar", "-xzf", blob(unpacked, layers.getJsonObject(i).getString("digest")).toString(), "-C",
          root.toString()));
    }
    assertThat(root.resolve("app/jib-classpath-file")).isRegularFile();
    assertThat(Files.readString(root.resolve("etc/passwd"))).contains("pdm:x:10001:10001:");
    assertThat(root.resolve("etc/shadow")).doesNotExist();
    assertThat(Files.readString(root.resolve("usr/share/pdm/debian-packages.txt"))).contains("libc6 ");
    assertThat(Files.isExecutable(root.resolve("opt/java/bin/java"))).isTrue();
    startedInChroot(root, config.getJsonArray("Entrypoint"));
  }

  /** Starts the entrypoint with {@code --sandbox} under chroot as the image's user, with /proc and /dev as a runtime gives them. */
  private static void startedInChroot(Path root, JsonArray entrypoint) throws Exception {
    boolean root0 = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).trim());
    assumeTrue(root0, "starting the image with chroot needs root; the image's configuration was checked");
    Files.createDirectories(root.resolve("proc"));
    Files.createDirectories(root.resolve("dev"));
    run(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString()));
    run(List.of("mount", "--bind", "/dev", root.resolve("dev").toString()));
    Process pdm = null;
    try {
      int port;
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        port = free.getLocalPort();
      }
      List<String> command = new ArrayList<>(List.of("chroot", "--userspec=10001:10001", root.toString()));
      entrypoint.forEach(arg -> command.add((String) arg));
      command.addAll(List.of("--sandbox", "--port", Integer.toString(port)));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(root.resolve("../pdm.log").toFile());
      builder.environment().clear();
      builder.environment().put("PDM_SERVER_DATA_DIR", "/var/lib/pdm");
      pdm = builder.start();
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      int status = 0;
      Path log = root.resolve("../pdm.log");
      // Ready once it says so (a SIGTERM before that stops a start half-way, with nothing to stop cleanly).
      while (System.nanoTime() < deadline && pdm.isAlive()
          && (status != 200 || !Files.readString(log).contains("pdm is ready"))) {
        try {
          status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException notYet) {
          status = 0;
        }
        Thread.sleep(500);
      }
      assertThat(status).as(Files.readString(root.resolve("../pdm.log"))).isEqualTo(200);
      // A sandbox keeps its own embedded store, apart from a production one, under the data directory.
      assertThat(root.resolve("var/lib/pdm/sandbox/postgres")).as("the embedded PostgreSQL's data, in the data volume")
          .isDirectory();
      pdm.destroy();
      assertThat(pdm.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(root.resolve("../pdm.log"))).contains("pdm stopped");
    } finally {
      if (pdm != null) {
        pdm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      run(List.of("umount", "-l", root.resolve("proc").toString()));
      run(List.of("umount", "-l", root.resolve("dev").toString()));
    }
  }

  /** rm -rf that never descends into a mount point (the /proc and /dev given to the chroot). */
  private static void deleteWithoutCrossingMounts(Path dir) throws Exception {
    run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  private static JsonObject json(Path file) throws IOException {
    return new JsonObject(Files.readString(file));
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(command + ": " + output).isZero();
  }
}
