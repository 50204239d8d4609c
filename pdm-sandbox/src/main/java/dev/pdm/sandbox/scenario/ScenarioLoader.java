package dev.pdm.sandbox.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads scenarios from the built-in {@code scenarios/<name>.yaml} resources or from a file path
 * (YAML or JSON), resolving {@code base} chains. Blocking: call it off the event loop.
 */
public final class ScenarioLoader {

  /** Names of the scenarios shipped in the module. */
  public static final List<String> BUILT_IN = List.of("happy", "staging-migration-fails",
      "production-migration-fails", "qa-fails", "incident-active", "change-in-progress",
      "deployment-running", "nothing-pending");

  private static final int MAX_BASE_DEPTH = 5;

  private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private final ObjectMapper json = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .build();

  /** Loads a built-in scenario by name, or a scenario file when the argument is a path. */
  public Scenario load(String nameOrPath) {
    return resolve(nameOrPath, new ArrayList<>());
  }

  /** Faults written as JSON or YAML with the scenario file's field names. */
  public ScenarioFaults faults(String text) {
    try {
      return yaml.readValue(text, ScenarioFaults.class);
    } catch (IOException e) {
      throw new ScenarioException("faults cannot be read: " + e.getMessage(), e);
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

  private Scenario resolve(String nameOrPath, List<String> chain) {
    if (chain.contains(nameOrPath) || chain.size() > MAX_BASE_DEPTH) {
      throw new ScenarioException("scenario base chain " + chain + " -> " + nameOrPath
          + " is circular or deeper than " + MAX_BASE_DEPTH);
    }
    chain.add(nameOrPath);
    Scenario scenario = read(nameOrPath);
    return scenario.baseName().map(b -> scenario.over(resolve(b, chain))).orElse(scenario);
  }

  private Scenario read(String nameOrPath) {
    try (InputStream in = open(nameOrPath)) {
      Scenario scenario = yaml.readValue(in, Scenario.class);
      if (scenario == null || scenario.name() == null || scenario.name().isBlank()) {
        throw new ScenarioException("scenario '" + nameOrPath + "': field 'name' is missing;"
            + " expected a non-empty scenario name");
      }
      return scenario;
    } catch (IOException e) {
      throw new ScenarioException("scenario '" + nameOrPath + "' cannot be read: "
          + e.getMessage(), e);
    }
  }

  private InputStream open(String nameOrPath) throws IOException {
    if (nameOrPath.matches("[a-z0-9-]+")) {
      InputStream builtIn = ScenarioLoader.class.getResourceAsStream(
          "/scenarios/" + nameOrPath + ".yaml");
      if (builtIn != null) {
        return builtIn;
      }
    }
    Path path = Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new ScenarioException("scenario '" + nameOrPath + "' is neither a built-in scenario "
          + BUILT_IN + " nor a readable file");
    }
    return Files.newInputStream(path);
  }
}
