/**
 * The GitLab REST API v4 over HTTP: routing, authentication, pagination, ETags, rate-limit
 * headers, injected HTTP faults and GitLab-shaped JSON. Must not import hooks or introspection.
 */
package dev.pdm.sandbox.api;
