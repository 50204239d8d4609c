package dev.pdm.core.gitlab;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A successful GitLab response (2xx, or a 304 answered from the ETag cache). */
record ApiResponse(int status, MultiMap headers, Buffer body, boolean fromCache) {
}
