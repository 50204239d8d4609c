// "Was it executed?": a SHA or a merge request (!123, 123 or its URL); per environment, what each source says.

import { h, fill, extLink, badge } from './dom.js';
import { get, describeError } from './api.js';
import { linkLabel } from './run-view.js';

const SOURCES = {
  deployments: 'db/<env> deployments containing the commit',
  labels: 'workflow::post-deploy-db-* label on the MR',
  runs: "pdm's own run records",
};

/** The query string for the subject: a SHA goes to sha=, anything that names an MR goes to mr=. */
export function subjectQuery(input) {
  const text = input.trim();
  if (/^[0-9a-f]{7,40}$/i.test(text) && !/^\d+$/.test(text)) return `sha=${encodeURIComponent(text)}`;
  return `mr=${encodeURIComponent(text)}`;
}

export function renderExecuted(container) {
  const input = h('input', { id: 'x-subject', name: 'subject', required: true, autocomplete: 'off',
    placeholder: '!171204, a merge request URL, or a commit SHA', 'aria-describedby': 'x-help' });
  const result = h('div', { class: 'executed-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'executed-form', onsubmit: async (e) => {
    e.preventDefault();
    if (!input.value.trim()) {
      fill(result, h('p', { class: 'error' }, 'Enter a commit SHA or a merge request.'));
      return;
    }
    fill(result, h('p', { class: 'muted' }, 'Asking each source…'));
    try {
      fill(result, answer(await get(`/api/v1/executed?${subjectQuery(input.value)}`)));
    } catch (err) {
      fill(result, h('p', { class: 'error', role: 'alert' }, describeError(err)));
    }
  } },
  h('label', { for: 'x-subject' }, 'SHA or merge request'), h('div', { class: 'row' }, input,
    h('button', { type: 'submit', class: 'primary' }, 'Look up')),
  h('p', { id: 'x-help', class: 'muted' }, 'Each environment is answered by three sources, which pdm reconciles.'));
  fill(container, h('h2', {}, 'Was it executed?'), form, result);
}

function answer(data) {
  return h('div', {},
    h('p', {}, 'Subject: ', h('strong', {}, String(data.subject ?? '')), data.sha ? [' · commit ', h('code', {}, data.sha)] : null),
    h('div', { class: 'envs' }, (data.environments || []).map((env) => h('article', { class: 'card', dataset: { env: env.environment } },
      h('h3', {}, env.environment),
      h('table', { class: 'sources' }, h('tbody', {}, (env.sources || []).map((s) => h('tr', { dataset: { source: s.source } },
        h('th', { scope: 'row' }, s.source, h('div', { class: 'muted small' }, SOURCES[s.source] || '')),
        h('td', {}, badge(s.executed, `x-${String(s.executed).toLowerCase()}`)),
        h('td', { class: 'wrap' }, s.detail ?? '', s.link ? [' ', extLink(s.link, linkLabel(s.link))] : null)))))))));
}
