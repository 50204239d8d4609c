package dev.pdm.core.chatops;

import dev.pdm.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing: {@code X-Slack-Signature} is {@code v0=} and the hex HMAC-SHA256 of
 * {@code v0:<X-Slack-Request-Timestamp>:<raw body>} keyed with the app's signing secret. A request is trusted only
 * when its timestamp is within {@link #MAX_AGE} of now (either way: a replayed request is old, a forged clock is not
 * an excuse) and the signature matches, compared in constant time. (The Slack SDK's own verifier compares with
 * {@code String.equals}, logs the body and accepts any future timestamp, hence this class.)
 */
public final class SlackRequestSignature {
  /** How far a request's timestamp may be from now. */
  public static final Duration MAX_AGE = Duration.ofMinutes(5);
  private static final String VERSION = "v0";
  private final Secret signingSecret;

  public SlackRequestSignature(Secret signingSecret) {
    this.signingSecret = signingSecret;
  }

  /** Why a request is not trusted, in words that name no secret; empty when it is. */
  public Optional<String> refusal(String timestampHeader, String signatureHeader, byte[] body, Instant now) {
    if (timestampHeader == null || signatureHeader == null) {
      return Optional.of("X-Slack-Request-Timestamp and X-Slack-Signature are required");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      return Optional.of("X-Slack-Request-Timestamp: expected seconds since the epoch");
    }
    long age = now.getEpochSecond() - timestamp;
    if (Math.abs(age) > MAX_AGE.toSeconds()) {
      return Optional.of("X-Slack-Request-Timestamp is " + age + " s from now; expected within "
          + MAX_AGE.toSeconds() + " s (a replayed or delayed request)");
    }
    byte[] expected = sign(timestampHeader.trim(), body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? Optional.empty()
        : Optional.of("X-Slack-Signature does not match the request");
  }

  /** The {@code X-Slack-Signature} Slack would send for this timestamp and body. */
  public String sign(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
