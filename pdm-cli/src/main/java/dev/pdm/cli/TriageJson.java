package dev.pdm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.core.triage.FailedMigration;
import dev.pdm.core.triage.MigratedMigration;
import dev.pdm.core.triage.MigrationLog;
import java.util.Optional;

/** The {@code --json} form of {@code pdm triage}: {@code {"failed": {...} | null, "migrated": [...]}}. */
final class TriageJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TriageJson() {
  }

  static String render(MigrationLog log, Optional<String> file) {
    ObjectNode root = JSON.createObjectNode();
    log.failed().ifPresentOrElse(failed -> root.set("failed", failed(failed, file)), () -> root.putNull("failed"));
    ArrayNode migrated = root.putArray("migrated");
    for (MigratedMigration migration : log.migrated()) {
      migrated.addObject()
          .put("version", migration.version())
          .put("name", migration.className())
          .put("seconds", migration.seconds());
    }
    try {
      return JSON.writeValueAsString(root) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree of strings and numbers", e);
    }
  }

  private static ObjectNode failed(FailedMigration failed, Optional<String> file) {
    ObjectNode node = JSON.createObjectNode()
        .put("version", failed.version())
        .put("name", failed.className());
    file.ifPresentOrElse(path -> node.put("file", path), () -> node.putNull("file"));
    return node.put("error_class", failed.errorClass()).put("error_message", failed.errorMessage());
  }
}
