package dev.pdm.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.ServerMainRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whatever is wrong with the configuration, pdm-server says what, and never prints a secret doing so. */
class PdmServerMainTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(120)
  void aMalformedDatabaseUrlIsAConfigurationErrorThatHidesThePassword() throws Exception {
    Path file = dir.resolve("pdm.yaml");
    Files.writeString(file, "database: {url: \"postgresql://pdm:hunter2 secret@db.internal:5432/pdm\"}\n");

    ServerMainRun run = ServerMainRun.of("", "--config", file.toString(), "--data-dir", dir.resolve("data").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("database.url: a postgresql://user:password@host:port/database URL")
        .contains("(got ******)").doesNotContain("hunter2");
    assertThat(run.processErr()).doesNotContain("hunter2");
    assertThat(dir.resolve("data")).doesNotExist();
  }
}
