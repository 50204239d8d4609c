/**
 * {@code /api/v1/live}: the WebSocket that keeps browsers and the CLI current. Run events reach every replica through
 * PostgreSQL {@code LISTEN/NOTIFY}; each replica reads them from the store once and fans them out; a client that
 * names the last sequence number it saw is replayed what it missed, so no update is lost or shown twice.
 * The protocol is documented in {@code docs/live-protocol.md}.
 */
package dev.pdm.server.live;
