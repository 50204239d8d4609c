// Rollback safety: may an environment go back to a package? Not when a post-deploy migration that ran there is not in
// that package's code. The answer for the package asked about, and for each package recently deployed there.

import { h, fill, extLink, badge, shortSha } from './dom.js';
import { get, describeError } from './api.js';
import { timeEl } from './time.js';

export function renderRollback(container, environments) {
  const names = environments.map((e) => e.name);
  const env = h('select', { id: 'rb-env', name: 'environment' }, names.map((n) => h('option', { value: n }, n)));
  if (names.length) env.value = names[names.length - 1];
  const to = h('input', { id: 'rb-to', name: 'to', required: true, autocomplete: 'off',
    placeholder: 'a package ref such as 17-6-auto-deploy-2024110808, or a commit SHA' });
  const result = h('div', { class: 'rollback-result', 'aria-live': 'polite' });
  const check = async (target) => {
    fill(result, h('p', { class: 'muted' }, 'Comparing what ran on ', env.value, ' with the package…'));
    try {
      fill(result, answer(await get(`/api/v1/rollback-check?environment=${encodeURIComponent(env.value)}&to=${encodeURIComponent(target)}`),
        (ref) => { to.value = ref; check(ref); }));
    } catch (err) {
      fill(result, h('p', { class: 'error', role: 'alert' }, describeError(err)));
    }
  };
  const form = h('form', { class: 'rollback-form', onsubmit: (e) => {
    e.preventDefault();
    if (!to.value.trim()) {
      fill(result, h('p', { class: 'error' }, 'Enter the package ref or commit SHA to roll back to.'));
      return;
    }
    check(to.value.trim());
  } },
  h('div', { class: 'row' }, h('label', { for: 'rb-env' }, 'Environment'), env, h('label', { for: 'rb-to' }, 'Roll back to'), to,
    h('button', { type: 'submit', class: 'primary', id: 'rb-check' }, 'Check')),
  h('p', { class: 'muted' }, 'Unsafe when a post-deploy migration that already ran there (db/<env> deployments and pdm\'s runs)'
    + ' is not in that package\'s code. Pending migrations never block a rollback.'));
  fill(container, h('section', { class: 'card rollback', 'aria-labelledby': 'rb-title' },
    h('h2', { id: 'rb-title' }, 'Rollback safety'), form, result));
}

function answer(report, checkAnother) {
  const target = report.target;
  return h('div', {},
    h('p', { class: `verdict ${target.safe ? 'ok' : 'error'}`, id: 'rb-verdict' },
      target.safe ? 'Safe' : 'Unsafe', ` to roll ${report.environment} back to `, h('code', {}, target.ref),
      ' (', h('code', { title: target.sha }, shortSha(target.sha)), ')',
      target.safe ? ': every post-deploy migration that ran there is in its code.'
        : `: ${target.blocking.length} post-deploy migration(s) that ran there are not in its code.`),
    target.blocking.length ? blockingTable(target.blocking) : null,
    h('ul', { class: 'notes' }, (report.notes || []).map((n) => h('li', {}, String(n)))),
    h('h3', {}, `Packages recently deployed on ${report.environment}`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'recent-packages' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Package'), h('th', { scope: 'col' }, 'Deployed'),
        h('th', { scope: 'col' }, 'Safe to roll back to?'))),
      h('tbody', {}, (report.recent || []).map((p) => h('tr', { dataset: { ref: p.ref } },
        h('td', {}, h('code', {}, p.ref), p.current ? h('span', { class: 'muted' }, ' (running now)') : null),
        h('td', {}, timeEl(p.deployed_at)),
        h('td', {}, badge(p.safe ? 'safe' : 'unsafe', p.safe ? 'x-yes' : 'x-no'),
          p.safe ? null : h('span', { class: 'muted' }, ` ${p.blocking.map((m) => m.version).join(', ')}`), ' ',
          h('button', { type: 'button', class: 'link', onclick: () => checkAnother(p.ref) }, 'details'))))))));
}

function blockingTable(blocking) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'blocking' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Migration'),
      h('th', { scope: 'col' }, 'Merge request'), h('th', { scope: 'col' }, 'Ran'))),
    h('tbody', {}, blocking.map((m) => h('tr', { dataset: { version: m.version } },
      h('td', {}, h('code', {}, m.version)), h('td', { class: 'wrap' }, m.class_name),
      h('td', { class: 'wrap' }, m.merge_request ? [extLink(m.merge_request.web_url, `!${m.merge_request.iid}`), ' ',
        h('span', { class: 'mr-title' }, m.merge_request.title ?? '')] : '—'),
      h('td', {}, timeEl(m.ran_at), h('div', { class: 'muted small' }, m.source)))))));
}
