package dev.pdm.cli;

import dev.pdm.cli.api.CliFailure;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code $XDG_CONFIG_HOME/pdm/config} (else {@code ~/.config/pdm/config}): {@code server=URL} and {@code token=TOKEN}
 * lines, for who would rather not type them or keep them in the environment.
 */
record ConfigFile(Path path, Properties values) {
  static ConfigFile of(Surroundings surroundings) {
    Path directory = surroundings.variable("XDG_CONFIG_HOME").map(Path::of)
        .orElseGet(() -> Path.of(surroundings.variable("HOME").orElse(System.getProperty("user.home")), ".config"));
    Path path = directory.resolve("pdm").resolve("config");
    Properties values = new Properties();
    if (Files.isRegularFile(path)) {
      try (Reader reader = Files.newBufferedReader(path)) {
        values.load(reader);
      } catch (IOException | IllegalArgumentException e) {
        throw new CliFailure(CliFailure.USAGE, "cannot read config file " + path + ": " + e.getMessage(), e);
      }
    }
    return new ConfigFile(path, values);
  }

  /** The path only: the values hold the token. */
  @Override
  public String toString() {
    return path.toString();
  }

  Optional<String> value(String key) {
    return Optional.ofNullable(values.getProperty(key)).map(String::strip).filter(value -> !value.isEmpty());
  }
}
