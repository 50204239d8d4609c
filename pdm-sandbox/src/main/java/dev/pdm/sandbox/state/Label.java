package dev.pdm.sandbox.state;

import java.time.Instant;

/** A label with the colour GitLab shows it in, and when it was first used. */
public record Label(long id, String name, String color, Instant createdAt) {
}
