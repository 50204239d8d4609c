package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token-less introspection endpoints serve only clients on this host, and load scenario
 * files only from the configured scenarios directory.
 */
class SandboxSecurityTest {
  private RunningSandbox running;
  private Http root;

  private void given(SandboxOptions options) {
    running = RunningSandbox.start(options);
    root = new Http(running.sandbox.url(), null);
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  private HttpResponse<String> load(String scenario) {
    return root.post("/-/sandbox/scenario", "{\"scenario\":\"" + scenario.replace("\\", "\\\\")
        + "\"}");
  }

  @Test
  void introspectionRefusesAClientFromAnotherAddressEvenWhenListeningOnAll() {
    Optional<InetAddress> external = nonLoopbackAddress();
    Assumptions.assumeTrue(external.isPresent(), "this host has no non-loopback IPv4 address");
    given(SandboxOptions.defaults().withManualClock().withHost("0.0.0.0"));
    int port = Integer.parseInt(running.sandbox.url().replaceAll(".*:", ""));
    Http fromOutside = new Http("http://" + external.get().getHostAddress() + ":" + port, null);

    HttpResponse<String> refused = fromOutside.get("/-/sandbox/state");
    HttpResponse<String> reset = fromOutside.post("/-/sandbox/reset", "");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("loopback");
    assertThat(reset.statusCode()).isEqualTo(403);
    assertThat(new Http("http://127.0.0.1:" + port, null).get("/-/sandbox/state").statusCode())
        .isEqualTo(200);
    assertThat(new Http("http://" + external.get().getHostAddress() + ":" + port + "/api/v4",
        running.sandbox.token()).get("/version").statusCode()).isEqualTo(200);
  }

  @Test
  void onlyLoopbackPeersCountAsLocal() {
    assertThat(LoopbackOnly.isLoopback(SocketAddress.inetSocketAddress(5000, "127.0.0.1")))
        .isTrue();
    assertThat(LoopbackOnly.isLoopback(SocketAddress.inetSocketAddress(5000, "127.3.4.5")))
        .isTrue();
    assertThat(LoopbackOnly.isLoopback(SocketAddress.inetSocketAddress(5000, "::1"))).isTrue();
    assertThat(LoopbackOnly.isLoopback(SocketAddress.inetSocketAddress(5000, "10.0.0.7")))
        .isFalse();
    assertThat(LoopbackOnly.isLoopback(SocketAddress.inetSocketAddress(5000, "192.168.1.2")))
        .isFalse();
    assertThat(LoopbackOnly.isLoopback(null)).isFalse();
  }

  @Test
  void loadsBuiltInNamesAndFilesUnderTheScenariosDirectory(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("team"));
    Files.writeString(dir.resolve("team/custom.yaml"), "name: custom\nbase: qa-fails\n");
    Files.writeString(dir.resolve("other.json"), "{\"name\": \"other\", \"base\": \"happy\"}");
    given(SandboxOptions.defaults().withManualClock().withScenariosDir(dir));

    assertThat(load("incident-active").statusCode()).isEqualTo(204);
    assertThat(load("team/custom.yaml").statusCode()).isEqualTo(204);
    assertThat(running.sandbox.state().scenarioName()).isEqualTo("custom");
    assertThat(load("other").statusCode()).isEqualTo(204);
    assertThat(running.sandbox.state().scenarioName()).isEqualTo("other");
    assertThat(root.post("/-/sandbox/reset", "").statusCode()).isEqualTo(204);
    assertThat(root.json("/-/sandbox/scenarios").get("files").toString())
        .isEqualTo("[\"other.json\"]");
  }

  @Test
  void refusesPathsOutsideTheScenariosDirectoryNamingWhatIsAllowed(@TempDir Path base)
      throws IOException {
    Path dir = Files.createDirectories(base.resolve("scenarios"));
    Path outside = base.resolve("outside.yaml");
    Files.writeString(outside, "name: outside\nbase: happy\n");
    Files.writeString(dir.resolve("sneaky.yaml"), "name: sneaky\nbase: " + outside + "\n");
    Files.createSymbolicLink(dir.resolve("link.yaml"), outside);
    given(SandboxOptions.defaults().withManualClock().withScenariosDir(dir));

    for (String refused : new String[] {outside.toString(), "../outside.yaml", "link.yaml",
        "sneaky.yaml", "/etc/passwd"}) {
      HttpResponse<String> answer = load(refused);
      assertThat(answer.statusCode()).as(refused).isEqualTo(400);
      assertThat(answer.body()).as(refused).contains("not allowed").contains("happy")
          .contains(dir.toRealPath().toString());
    }
    assertThat(running.sandbox.state().scenarioName()).isEqualTo("happy");
  }

  @Test
  void withoutAScenariosDirectoryOnlyBuiltInNamesLoad(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, "name: mine\nbase: happy\n");
    given(SandboxOptions.defaults().withManualClock());

    HttpResponse<String> refused = load(file.toString());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains(file.toString()).contains("--scenarios-dir");
    assertThat(load("qa-fails").statusCode()).isEqualTo(204);
    RunningSandbox.await(running.sandbox.load(file.toString()));
    assertThat(running.sandbox.state().scenarioName()).isEqualTo("mine");
  }

  private static Optional<InetAddress> nonLoopbackAddress() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .filter(SandboxSecurityTest::isUp)
          .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
          .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()
              && !a.isLinkLocalAddress())
          .findFirst();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  private static boolean isUp(NetworkInterface networkInterface) {
    try {
      return networkInterface.isUp() && !networkInterface.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
