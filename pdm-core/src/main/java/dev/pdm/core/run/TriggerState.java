package dev.pdm.core.run;

import java.util.Optional;

/**
 * Where an attempt's pipeline creation stands. A side effect on GitLab has three states, not two: not sent, sent and
 * known, and sent with an unknown outcome. A POST is recorded as sent before it goes out; until GitLab's answer (a
 * pipeline, or a refusal it has certainly not acted on) is recorded, no other POST is made for the attempt.
 *
 * @param sends          how many POSTs were recorded as sent for this attempt
 * @param lastSend       the latest of them
 * @param awaitingAnswer whether the latest send's outcome is still unknown
 * @param lastRefusal    GitLab's latest refusal (429, 503: nothing was created), shown while pdm waits to send again
 * @param withdrawn      why the attempt was given up before anything was sent (cancel, stale checks, abandon)
 * @param uncertain      why pdm cannot tell whether the latest send created a pipeline: a person must decide
 */
public record TriggerState(int sends, Optional<SentTrigger> lastSend, boolean awaitingAnswer, Optional<String> lastRefusal,
    Optional<String> withdrawn, Optional<String> uncertain) {

  static TriggerState none() {
    return new TriggerState(0, Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether a POST may still be sent: nothing unanswered, not withdrawn, not in doubt. */
  public boolean maySend() {
    return !awaitingAnswer && withdrawn.isEmpty() && uncertain.isEmpty();
  }

  /** Whether pdm never sent anything for this attempt, or knows that GitLab acted on none of it. */
  public boolean certainlyNothingCreated() {
    return !awaitingAnswer && uncertain.isEmpty();
  }

  TriggerState sent(SentTrigger send) {
    return new TriggerState(send.send(), Optional.of(send), true, lastRefusal, withdrawn, uncertain);
  }

  TriggerState answered() {
    return new TriggerState(sends, lastSend, false, lastRefusal, withdrawn, uncertain);
  }

  TriggerState refused(String why) {
    return new TriggerState(sends, lastSend, false, Optional.of(why), withdrawn, uncertain);
  }

  TriggerState withdrawnBecause(String why) {
    return new TriggerState(sends, lastSend, awaitingAnswer, lastRefusal, Optional.of(why), uncertain);
  }

  TriggerState uncertainBecause(String why) {
    return new TriggerState(sends, lastSend, awaitingAnswer, lastRefusal, withdrawn, Optional.of(why));
  }
}
