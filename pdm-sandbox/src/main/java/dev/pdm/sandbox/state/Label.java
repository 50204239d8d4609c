package dev.pdm.sandbox.state;

/** A label with the colour GitLab shows it in. */
public record Label(long id, String name, String color) {
}
