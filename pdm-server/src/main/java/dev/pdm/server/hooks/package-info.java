/**
 * {@code POST /hooks/gitlab}: GitLab's webhooks in. Authenticates the delivery, bounds its size, parses it with
 * pdm-core's {@link dev.pdm.core.hooks.WebhookParser}, drops duplicates, answers at once and hands the observation on.
 */
package dev.pdm.server.hooks;
