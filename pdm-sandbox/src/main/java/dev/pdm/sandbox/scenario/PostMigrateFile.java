package dev.pdm.sandbox.scenario;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A file under db/post_migrate/: {@code <14-digit version>_<snake_name>.rb}. */
public record PostMigrateFile(String path, String version, String className) {

  /** The directory Rails reads post-deploy migrations from. */
  public static final String DIRECTORY = "db/post_migrate/";
  private static final Pattern NAME = Pattern.compile(
      "db/post_migrate/(\\d{14})_([a-z0-9_]+)\\.rb");

  /** The post-migrate file at this repository path, if it is one. */
  public static Optional<PostMigrateFile> parse(String path) {
    Matcher m = NAME.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    StringBuilder camel = new StringBuilder();
    for (String part : m.group(2).split("_")) {
      if (!part.isEmpty()) {
        camel.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return Optional.of(new PostMigrateFile(path, m.group(1), camel.toString()));
  }
}
