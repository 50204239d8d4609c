package dev.pdm.sandbox.state;

/** A pipeline variable. */
public record Variable(String key, String value, String variableType) {
}
