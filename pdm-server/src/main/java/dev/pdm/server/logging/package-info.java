/**
 * How pdm's log lines look ({@code logging.format}: text or JSON lines) and what they may never contain (secrets,
 * masked in both formats). Logback is the backend; {@link dev.pdm.server.logging.PdmLogEncoder} is its encoder.
 */
package dev.pdm.server.logging;
