/**
 * HTTP handlers of pdm's API, each a small {@code Handler<RoutingContext>} mounted on the one Router by
 * {@link dev.pdm.server.HttpRoutes}. Handlers validate and translate; decisions live in pdm-core.
 */
package dev.pdm.server.api;
