/**
 * The pdm service: wiring and lifecycle of the HTTP server, the store and (later) the orchestrator. Logic lives in
 * pdm-core or in the small classes of the sub-packages; this package only starts and stops them.
 */
package dev.pdm.server;
