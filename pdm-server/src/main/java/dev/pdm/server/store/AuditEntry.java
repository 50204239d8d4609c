package dev.pdm.server.store;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** Who asked for what, and why: one line of the audit trail. */
public record AuditEntry(String actor, String action, Optional<String> reason, JsonObject detail) {
}
