package dev.pdm.core.migrations;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One post-deploy migration file, {@code db/post_migrate/<version>_<snake_name>.rb}, defining class {@code className}.
 *
 * <p>Only the repository's top-level {@code db/post_migrate/} holds the post-deploy migrations pdm runs: files in
 * {@code db/migrate/} are regular migrations, and {@code ee/db/...} or {@code db/geo/post_migrate/} belong to other
 * databases or layouts, so they are rejected.
 *
 * @param version   the 14-digit migration version, e.g. {@code 20230701120000}
 * @param className the Ruby class name, e.g. {@code CreateSecurityPolicyRequirementsTable}
 * @param path      the repository path, e.g. {@code db/post_migrate/20230701120000_create_security_policy_requirements_table.rb}
 */
public record PostMigrateFile(String version, String className, String path) {
  /** The directory, relative to the repository root, that holds post-deploy migrations. */
  public static final String DIRECTORY = "db/post_migrate/";

  private static final Pattern VERSION = Pattern.compile("\\d{14}");
  private static final Pattern SNAKE_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

  /** The file at {@code path}, or empty when {@code path} is not a post-deploy migration (see {@link #rejectionReason}). */
  public static Optional<PostMigrateFile> parse(String path) {
    return rejectionReason(path).isPresent() ? Optional.empty() : Optional.of(accepted(path));
  }

  /** Why {@code path} is not a post-deploy migration file, naming the value and what was expected; empty when it is. */
  public static Optional<String> rejectionReason(String path) {
    if (path == null || path.isBlank()) {
      return Optional.of("path is empty; expected " + DIRECTORY + "<14-digit version>_<snake_case_name>.rb");
    }
    if (!path.startsWith(DIRECTORY)) {
      return Optional.of("path '" + path + "' is not in " + DIRECTORY
          + " (post-deploy migrations live in the repository's top-level " + DIRECTORY + ")");
    }
    String fileName = path.substring(DIRECTORY.length());
    if (fileName.contains("/")) {
      return Optional.of("path '" + path + "' is in a subdirectory of " + DIRECTORY + "; expected a file directly in it");
    }
    if (!fileName.endsWith(".rb")) {
      return Optional.of("file '" + fileName + "' does not end in .rb");
    }
    String stem = fileName.substring(0, fileName.length() - ".rb".length());
    int separator = stem.indexOf('_');
    String version = separator < 0 ? stem : stem.substring(0, separator);
    if (!VERSION.matcher(version).matches()) {
      return Optional.of("file '" + fileName + "' has version '" + version + "'; expected 14 digits followed by '_'");
    }
    String snakeName = separator < 0 ? "" : stem.substring(separator + 1);
    if (!SNAKE_NAME.matcher(snakeName).matches()) {
      return Optional.of("file '" + fileName + "' has name '" + snakeName
          + "'; expected snake_case: a lowercase letter, then lowercase letters, digits or '_'");
    }
    return Optional.empty();
  }

  /**
   * The file Rails expects for migration {@code version} of class {@code className}.
   *
   * @throws IllegalArgumentException when the version is not 14 digits or the class name is not a Ruby constant name
   */
  public static PostMigrateFile of(String version, String className) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("version '" + version + "' is not a migration version; expected 14 digits");
    }
    if (className == null || !CLASS_NAME.matcher(className).matches()) {
      throw new IllegalArgumentException("className '" + className
          + "' is not a migration class name; expected CamelCase letters and digits, starting with an uppercase letter");
    }
    return new PostMigrateFile(version, className, DIRECTORY + version + "_" + RailsInflector.underscore(className) + ".rb");
  }

  /** The snake_case part of the file name, e.g. {@code create_security_policy_requirements_table}. */
  public String snakeName() {
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    String stem = fileName.endsWith(".rb") ? fileName.substring(0, fileName.length() - ".rb".length()) : fileName;
    return stem.startsWith(version + "_") ? stem.substring(version.length() + 1) : stem;
  }

  /**
   * Whether a class name seen in a job log is this file's class. Rails loads {@code camelize(snakeName)}, but an
   * application that declares acronyms loads e.g. {@code AddIndexOnCIBuilds} from {@code add_index_on_ci_builds}
   * (which {@code underscore} maps back) or {@code Backfill2FAUsers} from {@code backfill_2fa_users} (which neither
   * maps back); all of these are names that are equal once case and underscores are ignored, which is the rule here.
   */
  public boolean matches(String className) {
    return className != null && lettersAndDigits(className).equals(lettersAndDigits(snakeName()));
  }

  private static PostMigrateFile accepted(String path) {
    String stem = path.substring(DIRECTORY.length(), path.length() - ".rb".length());
    String version = stem.substring(0, 14);
    return new PostMigrateFile(version, RailsInflector.camelize(stem.substring(15)), path);
  }

  private static String lettersAndDigits(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }
}
