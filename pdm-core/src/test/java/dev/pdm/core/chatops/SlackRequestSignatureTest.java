package dev.pdm.core.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slack's request signing, checked against Slack's own worked example (test resource slack/SOURCES.md). */
class SlackRequestSignatureTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String TIMESTAMP = "1531420618";
  private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  private static final Instant SENT = Instant.ofEpochSecond(1531420618);
  private final SlackRequestSignature signature = new SlackRequestSignature(Secret.of(SECRET));

  private static byte[] body() throws IOException {
    try (InputStream in = SlackRequestSignatureTest.class.getResourceAsStream("/slack/verifying-requests-body.txt")) {
      return in.readAllBytes();
    }
  }

  @Test
  void signsSlacksWorkedExampleAsSlackDoes() throws IOException {
    assertThat(signature.sign(TIMESTAMP, body())).isEqualTo(SIGNATURE);
  }

  @Test
  void trustsSlacksWorkedExampleWithinFiveMinutes() throws IOException {
    assertThat(signature.refusal(TIMESTAMP, SIGNATURE, body(), SENT.plusSeconds(299))).isEmpty();
    assertThat(signature.refusal(TIMESTAMP, SIGNATURE, body(), SENT.minusSeconds(299))).isEmpty();
  }

  @Test
  void refusesAReplayedRequestOlderThanFiveMinutes() throws IOException {
    assertThat(signature.refusal(TIMESTAMP, SIGNATURE, body(), SENT.plusSeconds(301))).hasValueSatisfying(
        reason -> assertThat(reason).contains("X-Slack-Request-Timestamp is 301 s from now"));
  }

  @Test
  void refusesAChangedBodyAWrongSecretAndMissingHeaders() throws IOException {
    byte[] changed = new String(body(), java.nio.charset.StandardCharsets.UTF_8).replace("text=", "text=execute")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(signature.refusal(TIMESTAMP, SIGNATURE, changed, SENT)).contains(
        "X-Slack-Signature does not match the request");
    assertThat(new SlackRequestSignature(Secret.of("another secret")).refusal(TIMESTAMP, SIGNATURE, body(), SENT))
        .isPresent();
    assertThat(signature.refusal(null, SIGNATURE, body(), SENT)).isPresent();
    assertThat(signature.refusal(TIMESTAMP, null, body(), SENT)).isPresent();
    assertThat(signature.refusal("yesterday", SIGNATURE, body(), SENT)).contains(
        "X-Slack-Request-Timestamp: expected seconds since the epoch");
    assertThat(signature.refusal(TIMESTAMP, SIGNATURE.toUpperCase(), body(), SENT)).isPresent();
  }

  @Test
  void neverNamesTheSecretInARefusal() throws IOException {
    assertThat(signature.refusal(TIMESTAMP, "v0=00", body(), SENT)).hasValueSatisfying(
        reason -> assertThat(reason).doesNotContain(SECRET));
  }
}
