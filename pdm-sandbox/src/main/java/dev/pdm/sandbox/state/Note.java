package dev.pdm.sandbox.state;

import java.time.Instant;

/** A comment on an issue. */
public record Note(long id, String body, User author, Instant createdAt, long noteableId,
    long noteableIid, String noteableType, long projectId) {
}
