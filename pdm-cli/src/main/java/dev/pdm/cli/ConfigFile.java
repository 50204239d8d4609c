package dev.pdm.cli;

import dev.pdm.cli.api.CliFailure;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;

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
      try {
        refuseIfOthersCanRead(path);
        try (Reader reader = Files.newBufferedReader(path)) {
          values.load(reader);
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new CliFailure(CliFailure.USAGE, "cannot read config file " + path + ": " + e.getMessage(), e);
      }
    }
    return new ConfigFile(path, values);
  }

  /** The file may hold a token: read it only while nobody but its owner can. */
  private static void refuseIfOthersCanRead(Path path) throws IOException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(path);
    } catch (UnsupportedOperationException noPosix) {
      return;
    }
    if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
      throw new CliFailure(CliFailure.USAGE, "config file " + path + " can be read by others (mode "
          + PosixFilePermissions.toString(permissions) + ") and may hold your token: run chmod 600 " + path);
    }
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
