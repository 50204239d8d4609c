/**
 * Talking to a pdm server: its REST API and its live WebSocket over the JDK's HTTP client, and turning every way that
 * can fail into one {@link dev.pdm.cli.api.CliFailure} line with an exit status. Never imports picocli or rendering.
 */
package dev.pdm.cli.api;
