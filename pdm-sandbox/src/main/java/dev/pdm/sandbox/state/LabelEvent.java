package dev.pdm.sandbox.state;

import java.time.Instant;

/** A resource label event: {@code user} added or removed {@code label} on a resource. */
public record LabelEvent(long id, User user, Instant at, String resourceType, long resourceId,
    Label label, String action) {
}
