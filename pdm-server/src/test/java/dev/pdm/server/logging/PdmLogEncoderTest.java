package dev.pdm.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.pdm.core.config.PdmConfig.LogFormat;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Log lines as an operator's log pipeline receives them: text or JSON, never a secret. */
class PdmLogEncoderTest {
  private static final String TOKEN = "glpat-SECRET-value-123";
  private final LoggerContext context = new LoggerContext();
  private final PdmLogEncoder encoder = new PdmLogEncoder();

  private String encode(String template, Object... arguments) {
    LoggingEvent event = new LoggingEvent(PdmLogEncoderTest.class.getName(),
        context.getLogger("dev.pdm.server.orchestrator.Orchestrator"), Level.WARN, template, null, arguments);
    event.setMDCPropertyMap(Map.of("gitlab_request_id", "01HX-request"));
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void jsonLinesCarryTheRunStageReplicaAndGitLabRequestId() {
    encoder.setFormat(LogFormat.JSON);
    encoder.setReplica("replica-1a2b3c4d");
    UUID run = UUID.randomUUID();
    String line = encode("run {} stage {}: polling pipeline {} failed: {}", run, "migrate-gstg", 42, "timeout");
    assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n" + "{");
    JsonObject json = new JsonObject(line.trim());
    assertThat(json.getString("level")).isEqualTo("WARN");
    assertThat(json.getString("logger")).isEqualTo("dev.pdm.server.orchestrator.Orchestrator");
    assertThat(json.getString("message")).isEqualTo("run " + run + " stage migrate-gstg: polling pipeline 42 failed: "
        + "timeout");
    assertThat(json.getString("run_id")).isEqualTo(run.toString());
    assertThat(json.getString("stage")).isEqualTo("migrate-gstg");
    assertThat(json.getString("replica")).isEqualTo("replica-1a2b3c4d");
    assertThat(json.getString("gitlab_request_id")).isEqualTo("01HX-request");
    assertThat(json.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void aWordThatIsNotARunIdIsNotTakenForOne() {
    encoder.setFormat(LogFormat.JSON);
    JsonObject json = new JsonObject(encode("run {} created by {}", "not-a-uuid", "alice").trim());
    assertThat(json.containsKey("run_id")).isFalse();
  }

  @Test
  void secretsAreMaskedInBothFormatsEvenInsideAStackTrace() {
    encoder.setSecrets(List.of(TOKEN, "short"));
    for (LogFormat format : LogFormat.values()) {
      encoder.setFormat(format);
      LoggingEvent event = new LoggingEvent(PdmLogEncoderTest.class.getName(), context.getLogger("x"), Level.ERROR,
          "GitLab said no to {} (a short secret stays)", new IllegalStateException("token " + TOKEN + " refused"), new Object[] {TOKEN});
      event.setMDCPropertyMap(Map.of());
      String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
      assertThat(line).as(format.name()).doesNotContain(TOKEN).contains(PdmLogEncoder.MASK)
          .contains("IllegalStateException").contains("short");
    }
  }

  @Test
  void textLinesKeepTheDocumentedShape() {
    String line = encode("replica {} drives run {}", "replica-1", UUID.randomUUID());
    assertThat(line).matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* WARN  \\[[^]]+] "
        + "Orchestrator - replica replica-1 drives run [0-9a-f-]{36}\\R");
  }
}
