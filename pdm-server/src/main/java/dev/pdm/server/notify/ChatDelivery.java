package dev.pdm.server.notify;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of posting one chat message to one webhook. Carries the webhook's name, never its URL (a credential).
 *
 * @param webhookName the configured name of the webhook
 * @param delivered   true when the webhook answered 2xx
 * @param status      the HTTP status, when the webhook answered at all
 * @param error       why it was not delivered, in pdm's words (no URL), when it was not
 */
public record ChatDelivery(String webhookName, boolean delivered, Optional<Integer> status, Optional<String> error) {

  public ChatDelivery {
    Objects.requireNonNull(webhookName, "webhook name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
  }

  static ChatDelivery accepted(String webhookName, int status) {
    return new ChatDelivery(webhookName, true, Optional.of(status), Optional.empty());
  }

  static ChatDelivery refused(String webhookName, int status, String error) {
    return new ChatDelivery(webhookName, false, Optional.of(status), Optional.of(error));
  }

  static ChatDelivery unanswered(String webhookName, String error) {
    return new ChatDelivery(webhookName, false, Optional.empty(), Optional.of(error));
  }
}
