package dev.pdm.server;

import static dev.pdm.server.testing.HttpProbe.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.ServerMainRun;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox publishes a well-known operator token: it listens locally, keeps its own store and its own chat. */
class SandboxModeTest {
  @TempDir
  Path dir;

  private PdmConfig config(String yaml) throws Exception {
    return ConfigLoader.load(Optional.of(Files.writeString(dir.resolve("pdm.yaml"), yaml)), Map.of(), Map.of());
  }

  @Test
  @Timeout(120)
  void refusesAConfiguredDatabaseUrlBeforeStartingAnything() throws Exception {
    Path file = dir.resolve("pdm.yaml");
    Files.writeString(file, "database: {url: \"postgresql://pdm:hunter2-production@db.internal:5432/pdm\"}\n");

    ServerMainRun run = ServerMainRun.of("", "--sandbox", "--config", file.toString(), "--data-dir", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--sandbox runs on its own embedded PostgreSQL, never on database.url")
        .doesNotContain("hunter2");
    assertThat(dir.resolve("sandbox")).doesNotExist();
  }

  @Test
  void listensOnLoopbackUnlessAHostIsGivenAndKeepsItsOwnStore() throws Exception {
    PdmConfig configured = config("server: {host: 0.0.0.0, data_dir: /var/lib/pdm}\n");

    PdmConfig local = SandboxMode.localOnly(configured, false);
    PdmConfig asked = SandboxMode.localOnly(configured, true);

    assertThat(local.server().host()).isEqualTo("127.0.0.1");
    assertThat(asked.server().host()).isEqualTo("0.0.0.0");
    assertThat(local.server().dataDir()).isEqualTo(Path.of("/var/lib/pdm", "sandbox").toString());
    assertThat(SandboxMode.refusal(configured)).isEmpty();
  }

  @Test
  void announcesOnlyToItsOwnChatSinkAndSaysSoInItsBanner() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SandboxedPdm pdm = await(SandboxedPdm.start(vertx, SandboxOptions.defaults().withSpeed(SandboxedPdm.SPEED),
          Optional.of("""
              chat:
                webhooks:
                  - {name: production-releases, url: "https://hooks.slack.com/services/T000/B000/XXXX"}
              """), TestDatabase.fresh()));
      try {
        assertThat(pdm.config().chat().webhooks()).extracting(PdmConfig.ChatWebhook::name)
            .containsExactly("sandbox-chat");
        String banner = String.join("\n", pdm.running().banner("/data/sandbox"));
        assertThat(banner).contains("SANDBOX MODE", "listening on 127.0.0.1:" + pdm.port() + " only",
            "its own embedded PostgreSQL in /data/sandbox (database.url is refused in sandbox mode)",
            "the sandbox chat sink only (1 configured chat.webhooks not used)", "well known",
            "/#token=" + pdm.gitLab().token());
      } finally {
        await(pdm.close());
      }
    } finally {
      await(vertx.close());
    }
  }
}
