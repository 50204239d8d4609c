package dev.pdm.core.gitlab;

/**
 * How a read of a job's log from some offset went.
 *
 * @param rangeHonoured whether GitLab answered with the range asked for (else it sent the whole log, and what came
 *                      before the offset was read and discarded)
 * @param bytesReceived the bytes GitLab sent, the discarded ones included
 * @param endOffset     the offset just past the last byte handed over: the log's length when it was read
 */
public record TraceRead(boolean rangeHonoured, long bytesReceived, long endOffset) {
}
