/**
 * The runbook after a failed post-deploy migration, kept beside the run: does the failure block deployments, the
 * mitigation plan for the migration's kind (a no-op merge request for DDL, change requests for DML, a reasoned retry,
 * or something else), hand-overs between shifts, and, once the incident is resolved, the release managers' ping and
 * the monthly release checklist. Pure like the run state machine: (workflow, request or observation) → (workflow,
 * commands); no I/O, no clock. It may read {@code dev.pdm.core.run}, {@code triage} and {@code pending} types; it never
 * changes what a run does (it emits no run event), so the run's never-twice rules are untouched.
 */
package dev.pdm.core.incident;
