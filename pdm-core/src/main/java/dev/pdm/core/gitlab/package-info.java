/**
 * The non-blocking GitLab REST client: typed with gitlab4j-models, paginated, retrying reads with backoff,
 * guarding writes against duplicates, caching by ETag, counting requests. Imports nothing else from pdm.
 */
package dev.pdm.core.gitlab;
