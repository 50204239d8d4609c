// One run: the stages as a pipeline graph, the failure triage or the trigger in doubt with its guarded actions, the
// migration job's log tail and the timeline of events. Fed once from the REST API, then by live events.

import { h, fill, extLink, badge, shortSha } from './dom.js';
import { seconds } from './risk.js';
import { timeEl, duration } from './time.js';
import { get, post, describeError } from './api.js';
import { actionForm } from './actions.js';
import { incidentSection, incidentForms } from './incident-view.js';
import { stageActions } from './stage-actions.js';
import { triggerLine, uncertainPanel } from './trigger.js';
import { applyEvent } from './run-state.js';

const LOG_LINES_KEPT = 400;
/** Events a run shown on the overview reads back: its timeline shows the last ones, its log tail comes with the run. */
const RECENT_EVENTS = 300;
const REFETCH_ON = new Set(['TriageCompleted', 'RetryRequested', 'MitigationRecorded', 'CancelRequested',
  'ChecksOverridden', 'RecheckRequested', 'PipelineAdopted', 'TriggerAgainRequested', 'StageAbandoned',
  'QaFailureOverridden', 'IncidentWorkflow', 'IncidentNotePosted', 'IncidentLabelled', 'IncidentReleaseItem',
  'IncidentReleaseItemRefused']);
const MIGRATING = /==\s+(\d{14})\s+(\w+):\s+migrating/;
const MIGRATED = /==\s+(\d{14})\s+(\w+):\s+(migrated|reverted)/;
const DECIDED = { ABANDON: 'Abandoned', QA_FAILURE_OVERRIDDEN: 'QA failure overridden',
  MITIGATION_NOOP: 'Resolved (migration made a no-op)', MITIGATION_MARK_COMPLETE: 'Resolved (marked complete)' };

export class RunView {
  /** @param options {live, session, environments, full (show the whole event log), onChange(run)} */
  constructor(runId, options) {
    this.runId = runId;
    this.options = options;
    this.run = null;
    this.seq = 0;
    this.events = [];
    this.logs = new Map();
    this.pendingLive = [];
    this.loaded = false;
    this.el = h('section', { class: 'run', 'aria-live': 'polite', dataset: { runId } }, h('p', {}, 'Loading run…'));
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  async load() {
    try {
      const run = await get(`/api/v1/runs/${encodeURIComponent(this.runId)}`);
      for (const tail of run.log_tails || []) {
        this.logs.set(`${tail.stage_id}:${tail.job_id}`, { stageId: tail.stage_id, jobId: tail.job_id,
          lines: tail.lines || [], current: tail.current_migration || null, seq: tail.seq });
      }
      let since = this.options.full ? 0 : Math.max(0, run.last_seq - RECENT_EVENTS);
      this.seq = since;
      for (;;) {
        const page = await get(`/api/v1/runs/${encodeURIComponent(this.runId)}/events?since=${since}&limit=500`);
        for (const event of page.events) {
          const message = { ...event, event: event.type, run_id: this.runId };
          applyEvent(run, message);
          this.absorb(message);
        }
        if (!page.events.length || this.seq >= page.last_seq) break;
        since = this.seq;
      }
      this.run = run;
      this.loaded = true;
      const queued = this.pendingLive;
      this.pendingLive = [];
      for (const message of queued) this.onEvent(message);
      this.options.live.follow(this.runId, this.seq);
      this.render();
      this.options.onChange?.(this.run, null);
    } catch (err) {
      fill(this.el, h('p', { class: 'error', role: 'alert' }, `Could not load run ${this.runId}: ${describeError(err)}`));
    }
  }

  destroy() {
    clearInterval(this.ticker);
    clearTimeout(this.refetchTimer);
  }

  /** A live event of this run. */
  onEvent(message) {
    if (!this.loaded) {
      this.pendingLive.push(message);
      return;
    }
    if (message.seq <= this.seq) return;
    if (message.seq > this.seq + 1) {
      this.options.live.follow(this.runId, this.seq);
      return;
    }
    this.absorb(message);
    applyEvent(this.run, message);
    if (REFETCH_ON.has(message.event)) this.refetchSoon();
    this.render();
    this.options.onChange?.(this.run, message);
  }

  absorb(message) {
    this.seq = Math.max(this.seq, message.seq);
    if (message.event === 'JobLog') {
      const p = message.payload || {};
      const key = `${p.stage_id}:${p.job_id}`;
      const log = this.logs.get(key) || { stageId: p.stage_id, jobId: p.job_id, lines: [], current: null, seq: 0 };
      if (message.seq <= log.seq) return;
      log.lines.push(...(p.lines || []));
      if (log.lines.length > LOG_LINES_KEPT) log.lines.splice(0, log.lines.length - LOG_LINES_KEPT);
      log.current = p.current_migration || null;
      log.seq = message.seq;
      this.logs.delete(key);
      this.logs.set(key, log);
      return;
    }
    this.events.push(message);
  }

  refetchSoon() {
    clearTimeout(this.refetchTimer);
    this.refetchTimer = setTimeout(async () => {
      try {
        const fresh = await get(`/api/v1/runs/${encodeURIComponent(this.runId)}`);
        if (fresh.last_seq >= (this.run.last_seq || 0)) {
          this.run = fresh;
          this.render();
        }
      } catch {
        // The next event or the next poll brings it.
      }
    }, 150);
  }

  tick() {
    for (const el of this.el.querySelectorAll('[data-running-since]')) {
      el.textContent = duration(el.dataset.runningSince);
    }
  }

  render() {
    if (!this.run) return;
    const focus = document.activeElement && this.el.contains(document.activeElement) ? document.activeElement : null;
    if (focus && (focus.tagName === 'INPUT' || focus.tagName === 'TEXTAREA' || focus.tagName === 'SELECT')) {
      // Someone is typing a reason: do not rebuild the form under their fingers; parts that are not forms update.
      this.renderParts(false);
      return;
    }
    this.renderParts(true);
  }

  renderParts(withActions) {
    const run = this.run;
    const machine = run.state?.run || { stages: [] };
    if (!this.parts) {
      this.parts = {
        head: h('div', { class: 'run-head' }),
        graph: h('ol', { class: 'pipeline', 'aria-label': 'Stages' }),
        triage: h('div', { class: 'triage-area' }),
        actions: h('div', { class: 'actions-area' }),
        log: h('div', { class: 'log-area' }),
        timeline: h('div', { class: 'timeline-area' }),
      };
      const p = this.parts;
      fill(this.el, p.head, p.graph, p.triage, p.actions, p.log, p.timeline);
    }
    const p = this.parts;
    fill(p.head,
      h('h2', {}, 'Run ', h('a', { href: `#/runs/${run.id}` }, shortSha(run.id)), ' ', badge(run.status, 'run-status')),
      h('p', { class: 'meta' }, 'Requested by ', h('strong', {}, run.requested_by || '?'), ' · started ',
        timeEl(run.created_at), ' · ',
        run.active ? h('span', { dataset: { runningSince: run.created_at } }, duration(run.created_at))
          : `took ${duration(run.created_at, run.updated_at)}`));
    fill(p.graph, machine.stages.map((stage, i) => this.stageNode(stage, i, machine.stages.length)));
    fill(p.triage, this.triagePanels(machine));
    if (withActions) {
      // A decision someone opened stays open when a live event redraws the actions.
      const open = new Set([...p.actions.querySelectorAll('details[open]')].map((d) => d.dataset.box));
      fill(p.actions, this.actions(machine));
      for (const box of p.actions.querySelectorAll('details')) if (open.has(box.dataset.box)) box.open = true;
    }
    fill(p.log, this.logPanel(machine));
    fill(p.timeline, this.timeline());
  }

  stageNode(stage, index) {
    const status = String(stage.status).toLowerCase();
    const attempt = stage.attempts?.[stage.attempts.length - 1];
    const running = !stage.finished_at && stage.started_at;
    return h('li', { class: `stage s-${status}`, dataset: { stage: stage.spec.id, status: stage.status } },
      h('div', { class: 'stage-title' },
        h('span', { class: 'stage-index', 'aria-hidden': 'true' }, String(index + 1)),
        h('strong', {}, stageLabel(stage.spec, this.options.environments))),
      h('div', {}, badge(status, 'stage-status'), ' ',
        running ? h('span', { class: 'dur', dataset: { runningSince: stage.started_at } }, duration(stage.started_at))
          : h('span', { class: 'dur' }, duration(stage.started_at, stage.finished_at))),
      attempt ? h('div', { class: 'stage-links' },
        stage.attempts.length > 1 ? h('span', {}, `attempt ${attempt.number} · `) : null,
        attempt.pipeline ? extLink(attempt.pipeline.web_url, `pipeline #${attempt.pipeline.id}`) : null,
        attempt.pipeline ? h('span', { class: 'muted' }, ` ${String(attempt.pipeline.status || '').toLowerCase()}`) : null,
        attempt.job ? [h('br'), extLink(attempt.job.web_url, `job ${attempt.job.name}`),
          h('span', { class: 'muted' }, ` ${String(attempt.job.status || '').toLowerCase()}`)] : null) : null,
      (stage.record_steps || []).length ? h('div', { class: 'records small', title: stage.record_steps
        .map((r) => `${lower(r.kind)}: ${lower(r.status)}${r.detail ? ` — ${r.detail}` : ''}`).join('\n') },
      `recorded ${stage.record_steps.filter((r) => r.status === 'SUCCEEDED').length}/${stage.record_steps.length}: `,
      stage.record_steps.map((r) => `${lower(r.kind)} ${r.status === 'SUCCEEDED' ? '✓' : lower(r.status)}`).join(', '))
        : null,
      (attempt?.running_long || []).length ? h('ul', { class: 'running-long warn small' }, attempt.running_long.map((r) => h('li', {},
        `${r.version} ${r.class_name} running long: ${seconds(r.elapsed_seconds)} so far, `,
        typeof r.staging_seconds === 'number' ? `${seconds(r.staging_seconds)} on staging` : 'staging duration unknown',
        ` (budget ${seconds(r.budget_seconds)}); not stopped`))) : null,
      triggerLine(stage, attempt),
      attempt?.failure && ['FAILED', 'ABANDONED'].includes(stage.status) ? h('div', { class: 'failure small' },
        `${lower(attempt.failure.kind)}: ${attempt.failure.detail ?? ''}`) : null,
      decisionLine(stage, this.run.state?.run?.decisions || []),
      stage.status === 'BLOCKED' ? h('ul', { class: 'reasons' },
        (stage.checks || []).filter((c) => c.outcome !== 'PASS').map((c) => h('li', {}, `${c.name}: `,
          (c.reasons || []).join(' '), ' ', (c.links || []).map((l) => [extLink(l, linkLabel(l)), ' '])))) : null);
  }

  triagePanels(machine) {
    const triage = this.run.state?.triage || {};
    const incidents = this.run.state?.incidents || {};
    const uncertain = machine.stages.filter((s) => s.status === 'TRIGGER_UNCERTAIN').map((stage) => uncertainPanel(
      this.run, stage, stage.attempts?.[stage.attempts.length - 1], stageLabel(stage.spec, this.options.environments)));
    return [...uncertain, ...machine.stages.filter((s) => triage[s.spec.id] && (s.status === 'FAILED'
      || this.options.full || incidents[s.spec.id]))
      .map((stage) => triagePanel(stage, triage[stage.spec.id], incidents[stage.spec.id]))];
  }

  actions(machine) {
    const incidents = this.run.state?.incidents || {};
    if (!this.run.active && !Object.keys(incidents).length) return null;
    const operator = this.options.session?.role === 'operator';
    const forms = [];
    const base = `/api/v1/runs/${encodeURIComponent(this.runId)}`;
    const done = (fresh) => {
      if (fresh && fresh.id) {
        this.run = { ...this.run, ...fresh };
        this.render();
      }
      this.refetchSoon();
    };
    for (const stage of machine.stages) {
      const path = `${base}/stages/${encodeURIComponent(stage.spec.id)}`;
      const label = stageLabel(stage.spec, this.options.environments);
      const workflow = incidents[stage.spec.id];
      if (workflow) {
        forms.push(...incidentForms(workflow, path, label, { operator, done, kind: workflow.subject?.kind }));
      }
      if (this.run.active) {
        forms.push(...stageActions({ stage, label, operator, done, path, runStatus: this.run.status }));
      }
    }
    if (this.run.active && this.run.status !== 'canceling') {
      forms.push(actionForm({
        id: 'cancel', title: 'Cancel the run', operator, submitLabel: 'Cancel the run', danger: true,
        note: 'A pipeline already running is not canceled: the run ends when it ends.',
        fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }],
        confirm: 'Cancel this run? Stages not started will not run.',
        submit: (body) => post(`${base}/cancel`, body), done,
      }));
    }
    return h('div', { class: 'actions' }, h('h3', {}, 'Actions'),
      operator ? null : h('p', { class: 'muted' }, 'These actions need the operator role.'), forms);
  }

  logPanel(machine) {
    if (!this.logs.size) return null;
    const entries = [...this.logs.values()];
    const log = entries[entries.length - 1];
    const stage = machine.stages.find((s) => s.spec.id === log.stageId);
    const live = stage && ['RUNNING', 'TRIGGERING'].includes(stage.status);
    const failed = stage?.status === 'FAILED';
    // A failed job: triage read the whole log; the tail may have stopped before the end.
    const failedMigration = failed ? this.run.state?.triage?.[log.stageId]?.report?.failed : null;
    const current = failed ? (failedMigration?.version ? failedMigration : null)
      : live ? log.current || unfinishedMigration(log.lines) : null;
    const job = stage?.attempts?.map((a) => a.job).find((j) => j && j.id === log.jobId);
    const pre = h('pre', { class: 'log', tabindex: '0', 'aria-label': 'Migration job log' });
    let inCurrent = false;
    for (const line of log.lines) {
      const start = MIGRATING.exec(line);
      if (start) inCurrent = Boolean(current) && start[1] === current.version;
      const isCurrent = inCurrent;
      const end = MIGRATED.exec(line);
      if (end && current && end[1] === current.version) inCurrent = false;
      pre.appendChild(h('span', { class: isCurrent ? 'line current' : 'line' }, line));
      pre.appendChild(document.createTextNode('\n'));
    }
    const panel = h('div', { class: 'panel logpanel' },
      h('h3', {}, live ? 'Migration log (live)' : 'Migration log', ' — ', stageLabel(stage?.spec ?? { id: log.stageId },
        this.options.environments), ` · job ${log.jobId}`),
      current ? h('p', { class: 'current-migration' }, failed ? 'Failed during: ' : live ? 'Now running: '
        : 'Last migration: ', h('mark', {}, `${current.version} ${current.class_name}`))
        : failed ? h('p', { class: 'current-migration' }, 'The job failed: pdm is reading its whole log to find the '
          + 'failing migration…') : null,
      pre,
      live ? null : h('p', { class: 'muted small' }, 'The part of the log pdm streamed while the job ran. ',
        job ? extLink(job.web_url, 'The whole log is in GitLab.') : null));
    requestAnimationFrame(() => { pre.scrollTop = pre.scrollHeight; });
    return panel;
  }

  timeline() {
    const items = this.options.full ? this.events : this.events.slice(-15);
    return h('div', { class: 'panel' },
      h('h3', {}, this.options.full ? 'Event log' : 'Timeline',
        this.options.full ? null : [' ', h('a', { href: `#/runs/${this.runId}`, class: 'small' }, 'full event log')]),
      h('ol', { class: 'timeline', reversed: !this.options.full ? true : null },
        (this.options.full ? items : [...items].reverse()).map((e) => timelineItem(e, this.options.full))),
      this.options.full ? this.audit() : null);
  }

  audit() {
    const audit = this.run.audit || [];
    if (!audit.length) return null;
    return [h('h3', {}, 'Audit'), h('ul', { class: 'audit' }, audit.map((a) => h('li', {},
      timeEl(a.at), ' ', h('strong', {}, a.actor), ` ${a.action}`, a.reason ? ` — “${a.reason}”` : '')))];
  }
}

export function stageLabel(spec, environments = []) {
  const env = environments.find((e) => e.name === spec.environment);
  const where = env?.workflow_label ? `${spec.environment} (${env.workflow_label})` : spec.environment || spec.id;
  if (spec.kind === 'QA') return `QA on ${where}`;
  if (spec.kind === 'MIGRATE') return `Migrate ${where}`;
  return spec.id;
}

/** What a link from a check points at, from GitLab's URL shapes. */
export function linkLabel(url) {
  const text = String(url);
  let m = /#\/runs\/([0-9a-f]{8})/.exec(text);
  if (m) return `pdm run ${m[1]}`;
  m = /\/issues\/incident\/(\d+)/.exec(text);
  if (m) return `incident #${m[1]}`;
  m = /\/merge_requests\/(\d+)/.exec(text);
  if (m) return `!${m[1]}`;
  m = /\/deployments\/(\d+)/.exec(text);
  if (m) return `deployment ${m[1]}`;
  m = /\/environments\/(\d+)/.exec(text);
  if (m) return `environment ${m[1]}`;
  m = /\/issues\/(\d+)/.exec(text);
  if (m) return text.includes('production') ? `change request / issue #${m[1]}` : `issue #${m[1]}`;
  m = /\/jobs\/(\d+)/.exec(text);
  if (m) return `job ${m[1]}`;
  m = /\/pipelines\/(\d+)/.exec(text);
  if (m) return `pipeline #${m[1]}`;
  return text;
}

/** The migration the log shows started and not yet finished: the one running (or the one that failed). */
function unfinishedMigration(lines) {
  let open = null;
  for (const line of lines) {
    const start = MIGRATING.exec(line);
    if (start) open = { version: start[1], class_name: start[2] };
    const end = MIGRATED.exec(line);
    if (end && open && end[1] === open.version) open = null;
  }
  return open;
}

function triagePanel(stage, triage, workflow) {
  const r = triage.report || {};
  const failed = r.failed || {};
  const mr = r.merge_request;
  const kind = r.classification?.kind;
  const row = (label, ...value) => [h('dt', {}, label), h('dd', {}, ...value)];
  return h('section', { class: 'panel triage', 'aria-label': 'Failure triage', dataset: { stage: stage.spec.id } },
    h('h3', {}, `Failed: ${stage.spec.id}`, ' — triage'),
    h('p', { class: 'not-retried' }, 'Not retried automatically. pdm never re-runs a failed post-deploy migration: '
      + 'a person decides, with a reason.'),
    h('dl', { class: 'facts' },
      row('Migration', h('code', { class: 'migration' }, `${failed.version ?? '?'} ${failed.class_name ?? '?'}`)),
      row('Error', h('code', { class: 'error-class' }, failed.error_class ?? '?'), ' ',
        h('span', { class: 'error-message' }, failed.error_message ?? '')),
      row('File', r.file_path ? extLink(r.file_url, r.file_path) : '—'),
      row('Merge request', mr ? [extLink(mr.web_url, `!${mr.iid}`, { class: 'mr' }), ' ',
        h('span', { class: 'mr-title' }, mr.title ?? '')] : '—'),
      row('Author', r.author ? h('strong', { class: 'author' }, `@${r.author}`) : '—'),
      row('Database maintainer', r.approver ? [h('strong', { class: 'approver' }, `@${r.approver.username}`),
        ` (${r.approver.how === 'ADDED_LABEL' ? 'added database::approved' : 'approved the MR'})`] : '—'),
      row('Kind', kind ? h('span', { class: `kind kind-${kind}` }, kind) : '—',
        (r.classification?.evidence || []).length ? ` (${r.classification.evidence
          .map((e) => `${e.call} line ${e.line}`).join(', ')})` : ''),
      row('Incident', triage.incident_url ? extLink(triage.incident_url, linkLabel(triage.incident_url))
        : 'not filed'),
      row('Job', r.job_url ? extLink(r.job_url, `job ${r.job_id ?? ''}`) : '—',
        r.pipeline_url ? [' · ', extLink(r.pipeline_url, 'pipeline')] : '')),
    (r.gaps || []).length ? h('p', { class: 'muted' }, 'Could not find: ', r.gaps.join('; ')) : null,
    triage.draft ? h('details', {}, h('summary', {}, 'Incident draft'),
      h('p', {}, h('strong', {}, triage.draft.title)), h('pre', { class: 'draft' }, triage.draft.description)) : null,
    workflow ? incidentSection(workflow) : null);
}

/** Who ended the stage and why: the abandon decision, or the mitigation or QA override that resolved its failure. */
function decisionLine(stage, decisions) {
  const decision = stage.status === 'ABANDONED'
    ? decisions.filter((d) => d.kind === 'ABANDON' && d.stage_id === stage.spec.id).pop()
    : stage.resolution;
  if (!decision) return null;
  return h('div', { class: 'decision small', dataset: { decision: decision.kind } },
    `${DECIDED[decision.kind] ?? lower(decision.kind)} by ${decision.actor}: “${decision.reason}”`,
    decision.link ? [' ', extLink(decision.link, linkLabel(decision.link))] : null);
}

function timelineItem(e, full) {
  const p = e.payload || {};
  const ev = p.event || p;
  let text;
  let link = ev.web_url || ev.incident_url || ev.link || p.link;
  const by = ev.actor ? ` by ${ev.actor}` : '';
  const why = ev.reason ? ` — “${ev.reason}”` : '';
  switch (e.event) {
    case 'RunRequested': text = `Run requested${ev.actor ? ` by ${ev.actor}` : ''}`; break;
    case 'ChecksCompleted': {
      const failing = (ev.verdicts || []).filter((v) => v.outcome !== 'PASS');
      text = `Checks for ${ev.stage_id}: ${failing.length ? `${failing.map((v) => v.name).join(', ')} failing`
        : 'all passed'}`;
      break;
    }
    case 'PipelineTriggered': text = `${ev.stage_id}: pipeline #${ev.pipeline_id} ${ev.found_existing
      ? 'found (already triggered)' : 'triggered'}`; break;
    case 'PipelineStatusChanged': text = `${ev.stage_id}: pipeline #${ev.pipeline_id} ${lower(ev.status)}`; break;
    case 'JobStatusChanged': text = `${ev.stage_id}: job ${ev.job_name} ${lower(ev.status)}`; break;
    case 'TriageCompleted': text = `${ev.stage_id}: triage — ${ev.summary ?? ''}`; break;
    case 'TriggerSent': text = `${ev.stage_id}: pipeline creation${ev.send > 1 ? ` #${ev.send}` : ''} sent to ${ev.project} on `
      + `${ev.ref}`; break;
    case 'TriggerRefused': text = `${ev.stage_id}: GitLab refused the pipeline creation (${ev.reason}); pdm will send it `
      + 'again'; break;
    case 'TriggerFailed': text = `${ev.stage_id}: GitLab refused the pipeline creation for good — ${ev.error}`; break;
    case 'TriggerUncertain': text = `${ev.stage_id}: pdm cannot tell whether GitLab created the pipeline — ${ev.detail}`;
      break;
    case 'ChecksExpired': text = `${ev.stage_id}: checks too old to trigger on; checking again`; break;
    case 'PipelineMissing': text = `${ev.stage_id}: pipeline #${ev.pipeline_id} is gone from GitLab`; break;
    case 'PipelineAdopted': text = `${ev.stage_id}: pipeline #${ev.pipeline_id} adopted${by}${why}`; break;
    case 'TriggerAgainRequested': text = `${ev.stage_id}: trigger again${by}${why}`; break;
    case 'StageAbandoned': text = `${ev.stage_id}: abandoned${by}${why}`; break;
    case 'QaFailureOverridden': text = `${ev.stage_id}: QA failure overridden${by}${why}`; break;
    case 'NotificationFailed': text = `Chat notification ${lower(p.kind)}${p.stage_id ? ` (${p.stage_id})` : ''} not `
      + `delivered — ${p.error}`; break;
    case 'CommandFailed': text = `${p.command?.type ?? 'A command'}${p.command?.stage_id ? ` (${p.command.stage_id})` : ''}`
      + ` failed for good — ${p.error}`; break;
    case 'CommandRetrying': text = `${p.command?.type ?? 'A command'} keeps failing (try ${p.attempts}): ${p.error}; `
      + `trying again in ${p.retry_in_seconds} s`; break;
    case 'Notification': text = `Notified chat: ${lower(p.kind)}${p.stage_id ? ` (${p.stage_id})` : ''}${
      (p.details || []).length ? ` — ${p.details.join(', ')}` : ''}`; break;
    case 'IncidentWorkflow': text = `${p.stage_id}: incident workflow — ${p.entry?.text ?? 'updated'}`;
      link = p.entry?.link;
      break;
    case 'IncidentNotePosted': text = `${p.stage_id}: note posted on the incident`; break;
    case 'IncidentLabelled': text = `${p.stage_id}: label “${p.label}” ${p.added ? 'on' : 'off'} the incident`; break;
    case 'IncidentReleaseItem': text = `${p.stage_id}: monthly release checklist item ${p.ticked ? 'ticked' : 'added'}`;
      link = p.issue_url;
      break;
    case 'RecordStepCompleted': text = `${ev.stage_id}: ${lower(ev.step)} ${ev.ok === false ? 'FAILED' : 'recorded'}${
      ev.detail ? ` — ${ev.detail}` : ''}`; break;
    default: text = [e.event.replace(/([a-z])([A-Z])/g, '$1 $2'), ev.stage_id, ev.kind, ev.step, lower(ev.status),
      ev.reason ? `“${ev.reason}”` : null, ev.actor ? `by ${ev.actor}` : null].filter(Boolean).join(' · ');
  }
  const note = ['Notification', 'NotificationFailed', 'CommandFailed', 'CommandRetrying'].includes(e.event);
  return h('li', { class: `ev ev-${note ? 'note' : 'state'}`, dataset: { seq: e.seq, type: e.event } },
    h('span', { class: 'seq' }, `#${e.seq}`), ' ', timeEl(e.at), ' ', h('span', { class: 'ev-text' }, text),
    link ? [' ', extLink(link, linkLabel(link))] : null,
    full && e.event !== 'Notification' ? h('details', {}, h('summary', {}, 'payload'),
      h('pre', { class: 'payload' }, JSON.stringify(ev, null, 2))) : null);
}

function lower(s) {
  return s === undefined || s === null ? '' : String(s).toLowerCase().replace(/_/g, ' ');
}
