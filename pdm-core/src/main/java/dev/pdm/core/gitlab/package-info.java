/**
 * The non-blocking GitLab REST client: typed with gitlab4j-models, paginated, retrying reads with backoff,
 * guarding writes against duplicates, caching by ETag, counting requests, telling a {@link
 * dev.pdm.core.gitlab.GitLabRequestListener} of every exchange (metrics live in the server, not here). Imports nothing
 * else from pdm.
 */
package dev.pdm.core.gitlab;
