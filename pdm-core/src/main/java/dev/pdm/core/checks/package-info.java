/**
 * Production checks: each a small class asking GitLab one question and giving a verdict with reasons and links,
 * and the report that decides whether a run may proceed. Uses the GitLab client and pending migrations only.
 */
package dev.pdm.core.checks;
