// Before a run: per environment (plan order) the package running there, the last post-deploy migration run, the
// pending migrations and the production checks; and the Execute button that is enabled only when a run may start.

import { h, fill, extLink, badge, shortSha } from './dom.js';
import { timeEl } from './time.js';
import { post, describeError } from './api.js';
import { confirmDialog } from './confirm.js';
import { linkLabel, stageLabel } from './run-view.js';
import { riskCell, stagingCell, riskSummary } from './risk.js';
import { scheduleLine } from './schedule.js';

/** Environments in the order the plan reaches them. */
export function planOrder(overview) {
  const plan = overview.plan || [];
  const rank = (env) => {
    const i = plan.findIndex((id) => id.endsWith(`-${env.name}`) || id === env.name);
    return i < 0 ? plan.length : i;
  };
  return [...(overview.environments || [])].sort((a, b) => rank(a) - rank(b));
}

/** @param activeRun the run this page follows when it is active (the overview may be a little older) */
export function renderOverview(container, overview, runs, session, activeRun, onStarted) {
  const environments = planOrder(overview);
  fill(container,
    executePanel(overview, environments, session, activeRun, onStarted),
    h('div', { class: 'section-head' }, h('h2', {}, 'Environments'),
      h('p', { class: 'meta' }, 'Read from GitLab ', timeEl(overview.generated_at))),
    h('div', { class: 'envs' }, environments.map((env) => envCard(env, lastRunOn(env.name, runs)))));
}

function lastRunOn(envName, runs) {
  for (const run of runs || []) {
    const stage = run.state?.run?.stages?.find((s) => s.spec.kind === 'MIGRATE' && s.spec.environment === envName
      && s.status === 'SUCCEEDED');
    if (stage) {
      const pkg = (run.state.run.package_snapshot?.packages || [])
        .find((p) => p.environment === envName && p.project === 'CANONICAL');
      return { run, stage, pkg };
    }
  }
  return null;
}

function envCard(env, last) {
  const pending = env.pending;
  const migrations = pending?.migrations || [];
  return h('article', { class: 'card env', dataset: { env: env.name }, 'aria-labelledby': `env-${env.name}` },
    h('h3', { id: `env-${env.name}` }, env.name, env.workflow_label ? h('span', { class: 'muted' }, ` · ${env.workflow_label}`) : null),
    h('h4', {}, 'Package running'),
    h('ul', { class: 'packages' }, (env.packages || []).map((p) => h('li', {},
      h('span', { class: 'project' }, p.project), ': ',
      p.problem ? h('span', { class: 'error' }, p.problem) : [h('code', {}, p.ref || '?'), ' at ',
        h('code', { title: p.sha }, shortSha(p.sha)), ' since ', timeEl(p.deployed_at)]))),
    h('h4', {}, 'Last post-deploy migrations'),
    h('p', { class: 'last-run' },
      last ? [h('a', { href: `#/runs/${last.run.id}` }, `run ${shortSha(last.run.id)}`), ' finished ',
        timeEl(last.stage.finished_at), last.pkg ? [' with package ', h('code', {}, last.pkg.ref), ' (',
          h('code', { title: last.pkg.sha }, shortSha(last.pkg.sha)), ')'] : null]
        : 'No run of pdm has migrated it yet.',
      pending?.from_sha ? [h('br'), h('span', { class: 'muted' }, `${env.db_environment || `db/${env.name}`} is at `),
        h('code', { title: pending.from_sha }, shortSha(pending.from_sha))] : null),
    h('h4', {}, 'Pending post-deploy migrations ', h('span', { class: 'count' }, env.pending_error ? '' : `(${migrations.length})`)),
    env.pending_error ? h('p', { class: 'error' }, `Could not compute: ${env.pending_error}`)
      : migrations.length ? pendingTable(migrations) : h('p', { class: 'muted' }, 'Nothing pending.'),
    (pending?.notes || []).length ? h('ul', { class: 'notes' }, pending.notes.map((n) => h('li', {}, String(n)))) : null,
    h('h4', {}, 'Production checks'),
    env.checks_error ? h('p', { class: 'error' }, `Could not check: ${env.checks_error}`) : checksList(env.checks));
}

function pendingTable(migrations) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'pending' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Migration'),
      h('th', { scope: 'col' }, 'Merge request'), h('th', { scope: 'col' }, 'Author'), h('th', { scope: 'col' }, 'Risk'),
      h('th', { scope: 'col' }, 'On staging'))),
    h('tbody', {}, migrations.map((m) => h('tr', { dataset: { version: m.file?.version } },
      h('td', {}, h('code', {}, m.file?.version ?? '')),
      h('td', { class: 'wrap' }, m.file?.class_name ?? ''),
      h('td', { class: 'wrap' }, m.merge_request ? [extLink(m.merge_request.web_url, `!${m.merge_request.iid}`), ' ',
        h('span', { class: 'mr-title' }, m.merge_request.title ?? '')] : h('span', { class: 'muted' },
        (m.gaps || []).join('; ') || 'not found')),
      h('td', {}, m.merge_request?.author ? `@${m.merge_request.author}` : '—'),
      h('td', { class: 'wrap' }, riskCell(m.risk)),
      h('td', {}, stagingCell(m)))))));
}

function checksList(checks) {
  if (!checks) return h('p', { class: 'muted' }, 'Not checked yet.');
  return h('div', {},
    h('ul', { class: 'checks' }, (checks.results || []).map((c) => h('li', { class: `check v-${c.verdict}`, dataset: { check: c.check } },
      badge(c.verdict), ' ', h('strong', {}, c.check), h('div', { class: 'reasons' }, (c.reasons || []).join(' ')),
      (c.links || []).length ? h('div', { class: 'links' }, c.links.map((l) => [extLink(l, linkLabel(l)), ' '])) : null))),
    checks.override ? h('p', { class: 'warn' }, 'Checks overridden: ', JSON.stringify(checks.override)) : null,
    nextAllowed(checks),
    h('p', { class: checks.may_proceed ? 'ok' : 'error' }, checks.may_proceed ? 'May proceed.' : 'Blocked.'));
}

/** Inside a deny window: when migrating is allowed again. */
function nextAllowed(checks) {
  const window = (checks.results || []).find((c) => c.check === 'deploy-window' && c.verdict !== 'PASS');
  const at = window?.inputs?.next_allowed_at?.[0];
  return at ? h('p', { class: 'warn next-allowed' }, `Deny window '${window.inputs.window?.[0] ?? ''}': next allowed `, timeEl(at))
    : null;
}

/** Why a run may not start now; empty when it may. */
export function whyNot(overview, environments, session, activeRun) {
  const reasons = [];
  const active = activeRun || overview.active_run;
  if (session?.role !== 'operator') reasons.push(`You are signed in as ${session?.caller ?? '?'} (viewer): starting a run needs the operator role.`);
  if (active) reasons.push(`A run is already active (${String(active.status).replace(/_/g, ' ')}): see it above.`);
  for (const env of environments) {
    if (env.checks_error) reasons.push(`${env.name}: the checks could not run (${env.checks_error}).`);
    else if (!env.checks?.may_proceed) {
      const failing = (env.checks?.results || []).filter((c) => c.verdict !== 'PASS');
      reasons.push(`${env.name}: ${failing.map((c) => `${c.check} ${c.verdict.toLowerCase()}: ${(c.reasons || []).join(' ')}`)
        .join('; ') || 'checks do not pass'}`);
    }
  }
  return reasons;
}

function executePanel(overview, environments, session, activeRun, onStarted) {
  const reasons = whyNot(overview, environments, session, activeRun);
  const pending = environments.map((e) => `${e.pending?.migrations?.length ?? '?'} pending on ${e.name}`).join(', ');
  const message = h('p', { class: 'form-message', role: 'status' });
  const button = h('button', { type: 'button', class: 'primary big', id: 'execute', disabled: reasons.length > 0,
    'aria-describedby': 'execute-why' }, 'Execute post-deploy migrations…');
  button.addEventListener('click', async () => {
    if (!(await confirmDialog('Run the post-deploy migrations?', confirmation(overview, environments),
      { confirmLabel: `Run on ${environments.map((e) => e.name).join(', then ')}`, danger: true }))) return;
    button.disabled = true;
    fill(message, 'Starting…');
    try {
      const run = await post('/api/v1/runs', {}, { 'Idempotency-Key': crypto.randomUUID() });
      fill(message, 'Started.');
      onStarted(run);
    } catch (err) {
      message.className = 'form-message error';
      fill(message, describeError(err));
      button.disabled = false;
    }
  });
  return h('section', { class: 'card execute', 'aria-labelledby': 'execute-title' },
    h('h2', { id: 'execute-title' }, 'Execute'),
    h('p', { class: 'summary' }, pending, '.'),
    button,
    h('div', { id: 'execute-why' }, reasons.length
      ? [h('p', {}, 'Not possible now:'), h('ul', { class: 'why-not' }, reasons.map((r) => h('li', {}, r)))]
      : h('p', { class: 'ok' }, 'All checks pass: a run may start.')),
    scheduleLine(),
    message);
}

function confirmation(overview, environments) {
  const byEnv = new Map(environments.map((e) => [e.name, e]));
  const stages = (overview.plan || []).map((id) => {
    const env = environments.find((e) => id.endsWith(`-${e.name}`));
    return { id, kind: id.startsWith('qa') ? 'QA' : 'MIGRATE', environment: env?.name };
  });
  return [h('p', {}, 'pdm will run, in this order, stopping at the first failure:'),
    h('ol', { class: 'plan' }, stages.map((s) => {
      const env = byEnv.get(s.environment);
      const pkg = env?.packages?.[0];
      if (s.kind === 'QA') return h('li', {}, h('strong', {}, stageLabel(s, environments)), ': the QA pipeline must pass.');
      const migrations = env?.pending?.migrations || [];
      return h('li', {}, h('strong', {}, stageLabel(s, environments)), pkg ? [' at ', h('code', {}, pkg.ref), ' (',
        h('code', {}, shortSha(pkg.sha)), ')'] : null, `: ${migrations.length} migration(s)`,
        h('ul', {}, migrations.map((m) => h('li', { class: m.risk?.risky ? 'risky' : null }, h('code', {}, m.file?.version ?? ''),
          ` ${m.file?.class_name ?? ''}`, m.merge_request ? ` (!${m.merge_request.iid})` : '', riskSummary(m)))));
    })),
    h('p', { class: 'muted' }, 'Production checks run again before production.')];
}
