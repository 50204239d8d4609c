/**
 * Chat delivery: posts rendered {@code dev.pdm.core.notify.ChatMessage}s to the configured Slack-compatible webhooks and
 * reports each outcome as a value, never as a failure. Holds no run logic; must not import the store, api, hooks or live
 * packages (the orchestrator calls it and shows the outcomes on the run).
 */
package dev.pdm.server.notify;
