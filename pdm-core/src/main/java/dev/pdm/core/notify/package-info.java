/**
 * Chat notifications as data: renders a run's {@code Notify} command into a Slack-compatible message (fallback text and
 * header/section/context blocks), with GitLab-sourced text escaped and bounded. Pure: no I/O, no clock; must not import
 * server, cli, web or sandbox code (posting the message is {@code dev.pdm.server.notify}'s job).
 */
package dev.pdm.core.notify;
