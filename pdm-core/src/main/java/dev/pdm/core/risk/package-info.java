/**
 * A pending migration's risk before it runs: its kind (DDL, DML, batched background migration queued, index
 * concurrently, other) with the lines that show it, and what the runbook flags. Builds on the triage classifier; pure.
 */
package dev.pdm.core.risk;
