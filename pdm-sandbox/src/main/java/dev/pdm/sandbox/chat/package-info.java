/**
 * A Slack-compatible incoming-webhook endpoint that records what it receives, so tests and the
 * demo can show what pdm announced. Must not import api, hooks or state.
 */
package dev.pdm.sandbox.chat;
