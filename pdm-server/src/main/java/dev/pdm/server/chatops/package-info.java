/**
 * ChatOps: Slack slash commands and button clicks ({@code /hooks/slack/*}, trusted by Slack's request signature),
 * Mattermost slash commands ({@code /hooks/mattermost/commands}, trusted by their token), the Slack Web API client,
 * and a run's one channel message kept up to date with its thread and direct messages. Requests are carried out by
 * {@link dev.pdm.server.api.OperatorRequests} like the REST API's; answers are {@code dev.pdm.core.chatops} data
 * rendered here as Block Kit. Must not import the live or hooks packages.
 */
package dev.pdm.server.chatops;
