// What a pending migration is before it runs: its kind with the lines that show it, what the runbook flags, and
// what it took on staging against its duration budget.

import { h } from './dom.js';

const KINDS = {
  DDL: 'DDL',
  DML: 'DML',
  BATCHED_BACKGROUND_MIGRATION: 'batched background migration queued',
  INDEX_CONCURRENTLY: 'index concurrently',
  OTHER: 'other',
  UNREAD: 'not read',
};

/** A duration in words: 3.5 s, 15 min 2 s, 1 h 5 min. */
export function seconds(value) {
  if (typeof value !== 'number') return '—';
  if (value < 60) return `${value < 10 ? value.toFixed(1) : Math.round(value)} s`;
  const s = Math.round(value);
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

/** The risk cell of a pending migration: kind, flags highlighted, evidence lines on demand. */
export function riskCell(risk) {
  if (!risk) return h('span', { class: 'muted' }, '—');
  const flags = risk.flags || [];
  return h('div', { class: `risk ${risk.risky ? 'risky' : ''}`.trim(), dataset: { kind: risk.kind } },
    h('span', { class: `kind k-${String(risk.kind).toLowerCase()}` }, KINDS[risk.kind] || String(risk.kind)),
    risk.risky ? h('strong', { class: 'flag' }, ' ⚠ risky') : null,
    flags.length ? h('ul', { class: 'flags' }, flags.map((f) => h('li', {}, f))) : null,
    risk.error ? h('div', { class: 'error small' }, risk.error) : null,
    (risk.evidence || []).length ? h('details', { class: 'evidence' }, h('summary', {}, `${risk.evidence.length} line(s)`),
      h('ul', {}, risk.evidence.map((e) => h('li', {}, h('span', { class: 'muted' }, `line ${e.line}, ${KINDS[e.kind] || e.kind}: `),
        h('code', {}, e.text || e.call))))) : null);
}

/** What a migration took on staging, and its budget on production. */
export function stagingCell(migration) {
  if (typeof migration.staging_seconds !== 'number') {
    return h('span', { class: 'muted', title: `budget ${seconds(migration.budget_seconds)}` }, 'not run on staging yet');
  }
  return h('span', { title: 'running longer than its budget on production is announced, never stopped' },
    seconds(migration.staging_seconds), h('span', { class: 'muted' }, ` · budget ${seconds(migration.budget_seconds)}`));
}

/** A one-line summary for the execute confirmation. */
export function riskSummary(migration) {
  const risk = migration.risk;
  if (!risk) return '';
  const kind = KINDS[risk.kind] || risk.kind;
  const staged = typeof migration.staging_seconds === 'number' ? `, ${seconds(migration.staging_seconds)} on staging` : '';
  return ` — ${kind}${risk.risky ? ` ⚠ ${(risk.flags || []).join('; ')}` : ''}${staged}`;
}
