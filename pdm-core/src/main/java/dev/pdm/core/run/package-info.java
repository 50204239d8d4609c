/**
 * The run model and its pure state machine: {@code RunStateMachine.decide(run, event)} gives the next run and the commands
 * to execute, or rejects an operator request. No I/O, no clock, no randomness; must not import the gitlab, checks or
 * triage packages, nor any server, cli, web or sandbox code.
 *
 * <h2>Run status</h2>
 * <table>
 *   <caption>Run transitions</caption>
 *   <tr><th>from</th><th>event</th><th>to</th><th>commands</th></tr>
 *   <tr><td>(none)</td><td>RunRequested</td><td>CHECKING (first stage migrate) or RUNNING (QA)</td>
 *       <td>Notify RUN_STARTED, RunChecks or TriggerPipeline</td></tr>
 *   <tr><td>CHECKING</td><td>ChecksCompleted, all PASS</td><td>RUNNING</td><td>TriggerPipeline (attempt n+1)</td></tr>
 *   <tr><td>CHECKING</td><td>ChecksCompleted, any FAIL/ERROR or none</td><td>BLOCKED</td><td>Notify RUN_BLOCKED</td></tr>
 *   <tr><td>BLOCKED</td><td>RecheckRequested</td><td>CHECKING</td><td>RunChecks (round+1)</td></tr>
 *   <tr><td>BLOCKED</td><td>ChecksOverridden (reason)</td><td>RUNNING</td><td>TriggerPipeline</td></tr>
 *   <tr><td>RUNNING</td><td>migration job SUCCESS and pipeline SUCCESS</td><td>RUNNING (stage RECORDING)</td>
 *       <td>record commands</td></tr>
 *   <tr><td>RUNNING</td><td>last record step outcome</td><td>CHECKING / RUNNING (next stage) or SUCCEEDED</td><td></td></tr>
 *   <tr><td>RUNNING</td><td>job FAILED, CANCELED, SKIPPED; pipeline ended otherwise; TriggerFailed</td>
 *       <td>WAITING_FOR_DECISION</td><td>Triage (job failed), Notify STAGE_FAILED</td></tr>
 *   <tr><td>WAITING_FOR_DECISION</td><td>RetryRequested (reason)</td><td>CHECKING (migrate) or RUNNING (QA)</td>
 *       <td>RunChecks, or TriggerPipeline (attempt n+1)</td></tr>
 *   <tr><td>WAITING_FOR_DECISION</td><td>MitigationRecorded NOOP / MARK_COMPLETE (reason)</td><td>RUNNING</td>
 *       <td>record commands (migrate) or next stage</td></tr>
 *   <tr><td>CHECKING, BLOCKED</td><td>CancelRequested</td><td>CANCELED</td><td>Notify RUN_CANCELED</td></tr>
 *   <tr><td>RUNNING</td><td>CancelRequested</td><td>CANCELING</td><td>Notify RUN_CANCELING (no pipeline is canceled)</td></tr>
 *   <tr><td>CANCELING</td><td>the running stage ends (either way)</td><td>CANCELED</td><td>Notify RUN_CANCELED</td></tr>
 *   <tr><td>WAITING_FOR_DECISION</td><td>CancelRequested</td><td>FAILED</td><td>Notify RUN_FAILED</td></tr>
 * </table>
 *
 * <h2>Stage status</h2>
 * PENDING → CHECKING ⇄ BLOCKED → TRIGGERING → RUNNING → RECORDING → SUCCEEDED; TRIGGERING/RUNNING → FAILED → (retry)
 * CHECKING/TRIGGERING with a new attempt, or (mitigation) RECORDING/SUCCEEDED; at the run's end PENDING → SKIPPED and
 * CHECKING/BLOCKED → CANCELED. QA stages skip CHECKING and RECORDING. See {@code docs/run-state-machine.md}.
 */
package dev.pdm.core.run;
