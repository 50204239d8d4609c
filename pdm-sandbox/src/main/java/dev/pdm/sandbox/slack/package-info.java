/**
 * A simulated Slack workspace for pdm's ChatOps: the Web API methods pdm calls (answering like Slack, including
 * {@code {"ok": false, "error": "..."}}), the messages, edits, threads, direct messages and modals it records, and
 * properly signed slash commands, button clicks and modal submissions sent to pdm as Slack would. Must not import
 * api, hooks or state: the workspace's people come in as {@link dev.pdm.sandbox.slack.SlackUser}s.
 */
package dev.pdm.sandbox.slack;
