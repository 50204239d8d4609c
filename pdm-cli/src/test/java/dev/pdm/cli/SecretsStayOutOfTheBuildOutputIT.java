package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.TestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The secrets the tests use never show up in what the tests print: logs, test output and reports of every module
 * ({@code <module>/target/surefire-reports} and {@code failsafe-reports}). It runs in pdm-cli's integration tests,
 * after the unit tests of every module and the integration tests of pdm-server (pdm-cli is the last module the
 * reactor builds), so it reads the whole run's output; in a partial build it reads what that build left. HTTP
 * answers are checked for secrets where they are made, in pdm-server's {@code RoleMatrixTest}.
 */
class SecretsStayOutOfTheBuildOutputIT {
  /** The tests' secrets: API tokens, GitLab tokens, webhook secrets and passwords they configure. */
  private static final List<String> SECRETS = List.of(
      TestConfig.OPERATOR_TOKEN, TestConfig.VIEWER_TOKEN, SandboxServer.VIEWER_TOKEN,
      "hook-secret-value-0123", "glpat-do-not-print", "glpat-very-secret", "glpat-secret-token-value",
      "glpat-secret-value", "hunter2");

  @Test
  void noTestOutputOrReportHoldsASecret() throws IOException {
    Path repository = Path.of(System.getProperty("pdm.repository", "..")).toAbsolutePath().normalize();
    List<Path> reports = reports(repository);
    List<String> found = new ArrayList<>();
    for (Path report : reports) {
      String text = Files.readString(report, StandardCharsets.ISO_8859_1);
      SECRETS.stream().filter(text::contains).forEach(secret -> found.add(repository.relativize(report) + " holds "
          + secret.substring(0, 4) + "…"));
    }

    System.out.println("scanned " + reports.size() + " report files of " + repository + " for " + SECRETS.size()
        + " test secrets");
    assertThat(reports).as("reports to scan (this module's own unit tests ran before)").isNotEmpty();
    assertThat(found).as("secrets in the build's output").isEmpty();
  }

  private static List<Path> reports(Path repository) throws IOException {
    try (Stream<Path> modules = Files.list(repository)) {
      return modules.filter(Files::isDirectory)
          .flatMap(module -> Stream.of(module.resolve("target/surefire-reports"),
              module.resolve("target/failsafe-reports")))
          .filter(Files::isDirectory)
          .flatMap(SecretsStayOutOfTheBuildOutputIT::files)
          .filter(file -> !file.getFileName().toString().contains(SecretsStayOutOfTheBuildOutputIT.class.getName()))
          .toList();
    }
  }

  private static Stream<Path> files(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
