package dev.pdm.sandbox.state;

import java.time.Instant;
import java.util.Optional;

/** A project webhook and the events it subscribes to. */
public record Hook(long id, long projectId, String url, Optional<String> token,
    boolean pipelineEvents, boolean jobEvents, boolean deploymentEvents, boolean pushEvents,
    boolean issuesEvents, boolean confidentialIssuesEvents, boolean mergeRequestsEvents,
    boolean noteEvents, boolean enableSslVerification, Instant createdAt) {
}
