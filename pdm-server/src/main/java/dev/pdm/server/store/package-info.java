/**
 * pdm's PostgreSQL: where it is (configured URL or embedded), its schema (Flyway, at start) and the non-blocking pool
 * ({@code vertx-pg-client}) the rest of the server uses. Blocking JDBC is used only by Flyway, off the event loop.
 */
package dev.pdm.server.store;
