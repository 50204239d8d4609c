// Each post-deploy migration's durations on staging and production, as their jobs' logs printed them.

import { h, fill } from './dom.js';
import { get, describeError } from './api.js';
import { seconds } from './risk.js';

export async function renderDurations(container) {
  fill(container, h('h2', {}, 'Migration durations'), h('p', { class: 'muted' }, 'Loading…'));
  try {
    const data = await get('/api/v1/migration-durations?limit=500');
    const migrations = data.migrations || [];
    fill(container, h('h2', {}, 'Migration durations'),
      h('p', { class: 'muted' }, 'The latest duration of each migration on staging and production. On production a migration'
        + ' running longer than max(budget factor × its staging duration, budget floor) is announced, never stopped.'),
      migrations.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'durations' },
        h('thead', {}, h('tr', {}, ['Version', 'Migration', 'Staging', 'Production', 'Production / staging']
          .map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, migrations.map((m) => h('tr', { dataset: { version: m.version } },
          h('td', {}, h('code', {}, m.version)), h('td', { class: 'wrap' }, m.class_name),
          h('td', {}, seconds(m.staging_seconds)), h('td', {}, seconds(m.production_seconds)),
          h('td', {}, typeof m.staging_seconds === 'number' && typeof m.production_seconds === 'number' && m.staging_seconds > 0
            ? `× ${(m.production_seconds / m.staging_seconds).toFixed(1)}` : '—'))))))
        : h('p', { class: 'muted' }, 'No migration has run through pdm yet.'));
  } catch (err) {
    fill(container, h('h2', {}, 'Migration durations'), h('p', { class: 'error', role: 'alert' }, describeError(err)));
  }
}
