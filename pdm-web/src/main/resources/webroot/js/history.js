// Past runs, newest first, filtered by status (server-side), environment and date; each opens its event log.

import { h, fill, badge, shortSha } from './dom.js';
import { timeEl, duration } from './time.js';
import { get, describeError } from './api.js';

const STATUSES = ['checking', 'blocked', 'running', 'waiting_for_decision', 'canceling', 'succeeded', 'canceled', 'failed'];

export function renderHistory(container, environments) {
  const status = h('select', { id: 'h-status', name: 'status' }, h('option', { value: '' }, 'any'),
    STATUSES.map((s) => h('option', { value: s }, s.replace(/_/g, ' '))));
  const env = h('select', { id: 'h-env', name: 'env' }, h('option', { value: '' }, 'any'),
    environments.map((e) => h('option', { value: e.name }, e.name)));
  const from = h('input', { id: 'h-from', name: 'from', type: 'date' });
  const to = h('input', { id: 'h-to', name: 'to', type: 'date' });
  const list = h('div', { class: 'history-list', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', hidden: true }, 'Older runs');
  let before = null;
  let shown = [];
  let latest = 0;

  const load = async (reset) => {
    const ticket = ++latest;
    if (reset) {
      before = to.value ? new Date(`${to.value}T23:59:59.999`).toISOString() : null;
      shown = [];
    }
    const params = new URLSearchParams({ limit: '50' });
    if (status.value) params.set('status', status.value);
    if (before) params.set('before', before);
    fill(list, ...(shown.length ? [table(shown)] : []), h('p', { class: 'muted' }, 'Loading…'));
    try {
      const page = await get(`/api/v1/runs?${params}`);
      if (ticket !== latest) return; // the filters changed while this page was on its way
      const fromTime = from.value ? new Date(`${from.value}T00:00:00`).getTime() : null;
      const kept = page.runs.filter((r) => (!env.value || touches(r, env.value))
        && (fromTime === null || new Date(r.created_at).getTime() >= fromTime));
      shown = shown.concat(kept);
      const reachedFrom = fromTime !== null && page.runs.some((r) => new Date(r.created_at).getTime() < fromTime);
      before = page.next_before || null;
      more.hidden = !before || reachedFrom;
      fill(list, shown.length ? table(shown) : h('p', { class: 'muted' }, 'No run matches.'));
    } catch (err) {
      if (ticket === latest) fill(list, h('p', { class: 'error', role: 'alert' }, describeError(err)));
    }
  };
  more.addEventListener('click', () => load(false));
  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); load(true); } },
    field('Status', status), field('Environment', env), field('From', from), field('To', to),
    h('button', { type: 'submit' }, 'Filter'));
  for (const input of [status, env, from, to]) input.addEventListener('change', () => load(true));
  fill(container, h('h2', {}, 'History'), form, list, more);
  load(true);
}

function field(label, input) {
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
}

function touches(run, envName) {
  return (run.state?.run?.stages || []).some((s) => s.spec.environment === envName
    && !['PENDING', 'SKIPPED'].includes(s.status));
}

function table(runs) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'history' },
    h('thead', {}, h('tr', {}, ['Run', 'Status', 'Stages', 'Requested by', 'Started', 'Took']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, runs.map((r) => h('tr', { dataset: { runId: r.id } },
      h('td', {}, h('a', { href: `#/runs/${r.id}` }, shortSha(r.id))),
      h('td', {}, badge(r.status)),
      h('td', { class: 'stages-mini' }, (r.state?.run?.stages || []).map((s) => [h('span', {
        class: `mini s-${s.status.toLowerCase()}`, title: `${s.spec.id}: ${s.status.toLowerCase()}` },
      `${s.spec.id} ${symbol(s.status)}`), ' '])),
      h('td', {}, r.requested_by),
      h('td', {}, timeEl(r.created_at)),
      h('td', {}, r.active ? 'running' : duration(r.created_at, r.updated_at)))))));
}

function symbol(status) {
  return { SUCCEEDED: '✓', FAILED: '✗', CANCELED: '⊘', SKIPPED: '–', PENDING: '○', BLOCKED: '⏸', TRIGGER_UNCERTAIN: '?',
    ABANDONED: '✗' }[status] || '●';
}
