package dev.pdm.core.config;

import java.util.Objects;

/** A credential from configuration; it never prints itself, so it cannot leak through logs or error messages. */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The clear value, only for the one place that must send it (an HTTP header, a hash comparison). */
  public String reveal() {
    return value;
  }

  /** Whether {@code given} is this secret, compared in time that does not depend on where they differ. */
  public boolean matches(String given) {
    return given != null && java.security.MessageDigest.isEqual(
        value.getBytes(java.nio.charset.StandardCharsets.UTF_8), given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "******";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
