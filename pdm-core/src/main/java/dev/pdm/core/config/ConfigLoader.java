package dev.pdm.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads pdm's configuration: the YAML file, then {@code PDM_*} environment variables, then command-line flags, each
 * overriding the one before. Every problem is collected and thrown at once as an {@link InvalidConfigException}.
 *
 * <p>An environment variable overrides the key whose dotted path, upper-cased with dots as underscores, follows
 * {@code PDM_}: {@code PDM_GITLAB_TOKEN} sets {@code gitlab.token}. Variables that name no key are ignored, because the
 * CLI's {@code PDM_SERVER} and {@code PDM_TOKEN} live in the same shells.
 */
public final class ConfigLoader {
  private static final YAMLMapper YAML = new YAMLMapper();

  private ConfigLoader() {
  }

  /**
   * Loads and validates.
   *
   * @param file  the YAML file, if any
   * @param env   the process environment
   * @param flags overrides by dotted key path, e.g. {@code server.port -> 9090}
   */
  public static PdmConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
    List<ConfigProblem> problems = new ArrayList<>();
    ObjectNode tree = file.map(f -> readFile(f, problems)).orElseGet(JsonNodeFactory.instance::objectNode);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    Map<String, String> overrides = new TreeMap<>();
    Map<String, String> byVariable = overridableKeys();
    env.forEach((name, value) -> {
      String path = byVariable.get(name);
      if (path != null) {
        overrides.put(path, value);
      }
    });
    overrides.putAll(flags);
    overrides.forEach((path, value) -> set(tree, path, value));
    return read(tree);
  }

  /** Validates a tree already in memory (used by sandbox mode, which builds its configuration). */
  public static PdmConfig read(JsonNode tree) {
    List<ConfigProblem> problems = new ArrayList<>();
    Set<String> readPaths = new HashSet<>();
    PdmConfig config = PdmConfigReader.read(ConfigNode.root(tree, problems, readPaths, new HashSet<>()));
    reportUnknownKeys(tree, "", readPaths, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  /** The environment variable for each scalar key, e.g. {@code PDM_SERVER_PORT -> server.port}. */
  static Map<String, String> overridableKeys() {
    Set<String> paths = new HashSet<>();
    PdmConfigReader.read(ConfigNode.root(JsonNodeFactory.instance.objectNode(), new ArrayList<>(), paths,
        new HashSet<>()));
    Map<String, String> byVariable = new TreeMap<>();
    for (String path : paths) {
      boolean leaf = paths.stream().noneMatch(other -> other.startsWith(path + ".") || other.startsWith(path + "["));
      if (leaf) {
        byVariable.put("PDM_" + path.replace('.', '_').toUpperCase(Locale.ROOT), path);
      }
    }
    return byVariable;
  }

  private static ObjectNode readFile(Path file, List<ConfigProblem> problems) {
    try {
      JsonNode node = YAML.readTree(Files.readString(file));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        problems.add(new ConfigProblem(file.toString(), null, "a YAML mapping at the top level"));
        return JsonNodeFactory.instance.objectNode();
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      // Only the parser's first line: the lines after it quote the file, which may hold a secret.
      String why = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").strip();
      problems.add(new ConfigProblem(file.toString(), null, "valid YAML" + where + ": " + why));
    } catch (IOException e) {
      problems.add(new ConfigProblem(file.toString(), null, "a readable file (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
    }
    return JsonNodeFactory.instance.objectNode();
  }

  private static void set(ObjectNode tree, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  private static void reportUnknownKeys(JsonNode node, String path, Set<String> readPaths,
      List<ConfigProblem> problems) {
    if (node.isObject()) {
      List<String> unknown = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        String child = path.isEmpty() ? key : path + "." + key;
        if (readPaths.contains(child)) {
          reportUnknownKeys(node.get(key), child, readPaths, problems);
        } else {
          unknown.add(child);
        }
      }
      for (String u : unknown) {
        problems.add(new ConfigProblem(u, null, "unknown key" + knownKeysHint(path, readPaths)));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        reportUnknownKeys(node.get(i), path + "[" + i + "]", readPaths, problems);
      }
    }
  }

  private static String knownKeysHint(String parent, Set<String> readPaths) {
    String prefix = parent.isEmpty() ? "" : parent + ".";
    List<String> keys = readPaths.stream()
        .filter(p -> p.startsWith(prefix) && p.length() > prefix.length())
        .map(p -> p.substring(prefix.length()))
        .filter(p -> !p.contains(".") && !p.contains("["))
        .sorted().distinct().toList();
    return keys.isEmpty() ? "" : " (expected one of: " + String.join(", ", keys) + ")";
  }
}
