/**
 * ChatOps as data: what a slash command asks ({@link dev.pdm.core.chatops.ChatCommandParser}), whether a request
 * really comes from Slack ({@link dev.pdm.core.chatops.SlackRequestSignature}), and the answers pdm gives, as a
 * platform-neutral {@link dev.pdm.core.chatops.ChatAnswer} that the server renders as Slack Block Kit or Mattermost
 * markdown. Pure: no I/O, no clock; must not import server, cli, web or sandbox code.
 */
package dev.pdm.core.chatops;
