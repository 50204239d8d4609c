/**
 * Webhook delivery like GitLab's: Pipeline, Job, Deployment and Issue Hook payloads, headers, one
 * attempt per event (no retry), with injected drops and duplicates. Must not import api.
 */
package dev.pdm.sandbox.hooks;
