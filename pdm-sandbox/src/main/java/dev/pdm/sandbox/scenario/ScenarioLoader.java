package dev.pdm.sandbox.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads scenarios from the built-in {@code scenarios/<name>.yaml} resources or from a file
 * (YAML or JSON), resolving {@code base} chains. A file is either any path (the sandbox's own
 * user, at start) or one under a scenarios directory (a request over HTTP), never anything else.
 * Blocking: call it off the event loop.
 */
public final class ScenarioLoader {

  /** Names of the scenarios shipped in the module. */
  public static final List<String> BUILT_IN = List.of("happy", "staging-migration-fails",
      "production-migration-fails", "qa-fails", "incident-active", "change-in-progress",
      "deployment-running", "nothing-pending", "rollback-unsafe", "slow-production-migration", "deny-window",
      "scheduled-firing");

  private static final int MAX_BASE_DEPTH = 5;
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

  private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private final ObjectMapper json = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .build();

  /** Loads a built-in scenario by name, or a scenario file at any path. */
  public Scenario load(String nameOrPath) {
    return resolve(nameOrPath, FileRule.ANYWHERE, new ArrayList<>());
  }

  /**
   * Loads a built-in scenario by name, or a file under {@code directory} named by a relative
   * path (its extension may be left out); bases are held to the same rule. Anything else (an
   * absolute path, {@code ..}, a symbolic link leading out, no directory) is refused.
   */
  public Scenario loadConfined(String nameOrPath, Optional<Path> directory) {
    return resolve(nameOrPath, new FileRule(true, directory), new ArrayList<>());
  }

  /** Faults written as JSON or YAML with the scenario file's field names. */
  public ScenarioFaults faults(String text) {
    try {
      ScenarioFaults faults = yaml.readValue(text, ScenarioFaults.class);
      return faults == null ? ScenarioFaults.NONE : faults;
    } catch (IOException e) {
      throw problem("faults cannot be read", e);
    }
  }

  /** Faults as JSON with the scenario file's field names. */
  public String toJson(ScenarioFaults faults) {
    try {
      return json.writeValueAsString(faults);
    } catch (IOException e) {
      throw new ScenarioException("faults cannot be written: " + e.getMessage(), e);
    }
  }

  /** The scenario files directly in {@code directory}, by file name. Blocking. */
  public static List<String> files(Path directory) {
    try (var entries = Files.list(directory)) {
      return entries.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(n -> EXTENSIONS.stream().anyMatch(n::endsWith)).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private Scenario resolve(String nameOrPath, FileRule confinedTo,
      List<String> chain) {
    if (chain.contains(nameOrPath) || chain.size() > MAX_BASE_DEPTH) {
      throw new ScenarioException("scenario base chain " + chain + " -> " + nameOrPath
          + " is circular or deeper than " + MAX_BASE_DEPTH);
    }
    chain.add(nameOrPath);
    Scenario scenario = read(nameOrPath, confinedTo);
    return scenario.baseName().map(b -> scenario.over(resolve(b, confinedTo, chain)))
        .orElse(scenario);
  }

  private Scenario read(String nameOrPath, FileRule confinedTo) {
    try (InputStream in = open(nameOrPath, confinedTo)) {
      Scenario scenario = yaml.readValue(in, Scenario.class);
      if (scenario == null || scenario.name() == null || scenario.name().isBlank()) {
        throw new ScenarioException("scenario '" + nameOrPath + "': field 'name' is missing;"
            + " expected a non-empty scenario name");
      }
      return scenario;
    } catch (IOException e) {
      throw problem("scenario '" + nameOrPath + "' cannot be read", e);
    }
  }

  private InputStream open(String nameOrPath, FileRule confinedTo)
      throws IOException {
    if (nameOrPath.matches("[a-z0-9-]+")) {
      InputStream builtIn = ScenarioLoader.class.getResourceAsStream(
          "/scenarios/" + nameOrPath + ".yaml");
      if (builtIn != null) {
        return builtIn;
      }
    }
    Path path = confinedTo.confined() ? confined(nameOrPath, confinedTo.directory())
        : Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new ScenarioException("scenario '" + nameOrPath + "' is neither a built-in scenario "
          + BUILT_IN + " nor a readable file");
    }
    return Files.newInputStream(path);
  }

  /** Which files may be read: any path, or only files under a directory (none when empty). */
  private record FileRule(boolean confined, Optional<Path> directory) {
    static final FileRule ANYWHERE = new FileRule(false, Optional.empty());
  }

  /** The file under the directory that a relative name designates; refused otherwise. */
  private static Path confined(String name, Optional<Path> directory) throws IOException {
    if (directory.isEmpty()) {
      throw new ScenarioException("scenario '" + name + "' is not allowed: expected a built-in"
          + " scenario name " + BUILT_IN + " (no scenarios directory is configured; start the"
          + " sandbox with --scenarios-dir DIR to load files from DIR)");
    }
    Path root = directory.get().toRealPath();
    String refusal = "scenario '" + name + "' is not allowed: expected a built-in scenario name "
        + BUILT_IN + " or the name of a file under the scenarios directory " + root;
    Path relative;
    try {
      relative = Path.of(name);
    } catch (RuntimeException e) {
      throw new ScenarioException(refusal);
    }
    if (relative.isAbsolute() || name.contains("..") || name.contains("\\")) {
      throw new ScenarioException(refusal + " (a relative path without '..')");
    }
    List<Path> candidates = new ArrayList<>(List.of(root.resolve(relative).normalize()));
    if (!relative.getFileName().toString().contains(".")) {
      EXTENSIONS.forEach(ext -> candidates.add(root.resolve(name + ext).normalize()));
    }
    for (Path candidate : candidates) {
      if (candidate.startsWith(root) && Files.isRegularFile(candidate)) {
        Path real = candidate.toRealPath();
        if (!real.startsWith(root)) {
          throw new ScenarioException(refusal + " (" + name + " leads outside it)");
        }
        return real;
      }
    }
    throw new ScenarioException("scenario '" + name + "' is neither a built-in scenario "
        + BUILT_IN + " nor a file under the scenarios directory " + root);
  }

  /** A read failure, with the fault's own message when a fault refused its fields. */
  private static ScenarioException problem(String what, IOException e) {
    if (e instanceof ValueInstantiationException v && v.getCause() instanceof ScenarioException s) {
      return new ScenarioException(what + ": " + s.getMessage(), s);
    }
    return new ScenarioException(what + ": " + e.getMessage(), e);
  }
}
