// Where an attempt's pipeline creation stands (sent, waiting for GitLab's answer, refused, withdrawn, in doubt), and
// the panel of a trigger in doubt: what pdm sent where and when, where to look in GitLab, and the choices a person has.

import { h, extLink, safeUrl } from './dom.js';
import { timeEl } from './time.js';

/** The environment variable whose value marks an attempt's pipeline (docs/run-state-machine.md, "The trigger"). */
const MARKER = 'PDM_TRIGGER';
/** Stage statuses that never change again: what their trigger waited for will not come. */
const FINAL = new Set(['SUCCEEDED', 'CANCELED', 'SKIPPED', 'ABANDONED']);

/** One line on a stage's node about its current attempt's pipeline creation; null once a pipeline is known. */
export function triggerLine(stage, attempt) {
  const t = attempt?.trigger;
  if (!t || attempt.pipeline) return null;
  const send = t.last_send;
  const where = send ? ` to ${send.project} on ${send.ref}` : '';
  const over = FINAL.has(stage.status);
  if (t.uncertain) {
    return over ? h('div', { class: 'trigger muted', dataset: { trigger: 'uncertain' } },
      'Whether GitLab created the pipeline was never known.')
      : h('div', { class: 'trigger warn', dataset: { trigger: 'uncertain' } },
        'Needs a person: pdm cannot tell whether GitLab created the pipeline.');
  }
  if (t.withdrawn) {
    return h('div', { class: 'trigger muted', dataset: { trigger: 'withdrawn' } }, `Trigger withdrawn: ${t.withdrawn}`);
  }
  if (t.awaiting_answer && send) {
    return h('div', { class: 'trigger', dataset: { trigger: 'awaiting' } },
      `Pipeline creation${send.send > 1 ? ` #${send.send}` : ''} sent${where} `, timeEl(send.at),
      over ? '; GitLab\'s answer never came.' : '; waiting for GitLab\'s answer.');
  }
  if (t.last_refusal && stage.status === 'TRIGGERING') {
    return h('div', { class: 'trigger warn', dataset: { trigger: 'refused' } },
      `GitLab refused the pipeline creation (${t.last_refusal}); nothing was created, pdm will send it again.`);
  }
  if (stage.status === 'TRIGGERING' && !t.sends) {
    return h('div', { class: 'trigger muted', dataset: { trigger: 'not-sent' } }, 'Pipeline creation not sent yet.');
  }
  return null;
}

/** The panel of a stage in TRIGGER_UNCERTAIN: why, what was sent where and when, and where to look. */
export function uncertainPanel(run, stage, attempt, label) {
  const t = attempt?.trigger || {};
  const send = t.last_send;
  const marker = `${MARKER}=${run.id}/${stage.spec.id}/${attempt?.number ?? '?'}`;
  const pipelines = send ? pipelinesPage(run, send.project, send.ref) : null;
  const row = (name, ...value) => [h('dt', {}, name), h('dd', {}, ...value)];
  return h('section', { class: 'panel uncertain', 'aria-label': 'Trigger in doubt', dataset: { stage: stage.spec.id } },
    h('h3', {}, `Needs a person: ${label}`),
    h('p', { class: 'uncertain-why' }, 'pdm cannot tell whether GitLab created the pipeline. It sent the creation, got no '
      + 'usable answer, and no pipeline carrying this attempt\'s marker appeared. pdm will not send it again by itself.'),
    h('dl', { class: 'facts' },
      row('What pdm saw', h('span', { class: 'uncertain-detail' }, t.uncertain ?? '')),
      row('Sent to', send ? [h('code', {}, send.project), ' on ', h('code', {}, send.ref)] : '—'),
      row('Sent at', send ? timeEl(send.at) : '—', send && send.send > 1 ? ` (send #${send.send})` : ''),
      row('Marker', h('code', { class: 'marker' }, marker)),
      row('Look in GitLab', pipelines ? extLink(pipelines, `pipelines of ${send.project}`, { class: 'pipelines-link' })
        : `the pipelines of ${send?.project ?? 'the project'} created after the time sent`)),
    h('p', {}, 'Look for a pipeline created after that time with the variable ', h('code', {}, marker), ', then choose: ',
      h('strong', {}, 'adopt'), ' it if you find it; ', h('strong', {}, 'trigger again'), ' if there is none; or ',
      h('strong', {}, 'abandon'), ' the stage (the run ends failed).'));
}

/**
 * The project's pipelines page in GitLab, when the run carries a GitLab URL of a project whose path it knows (a merge
 * request of the pending migrations, a pipeline of an earlier attempt): GitLab's address is what comes before that path.
 */
export function pipelinesPage(run, project, ref) {
  const base = gitLabBase(run);
  if (!base || !project) return null;
  const path = String(project).split('/').map(encodeURIComponent).join('/');
  return safeUrl(`${base}/${path}/-/pipelines${ref ? `?ref=${encodeURIComponent(ref)}` : ''}`);
}

function gitLabBase(run) {
  const known = [];
  for (const pending of Object.values(run.state?.pending || {})) {
    for (const m of pending?.migrations || []) known.push([m.merge_request?.web_url, pending.project]);
  }
  for (const stage of run.state?.run?.stages || []) {
    for (const a of stage.attempts || []) known.push([a.pipeline?.web_url, a.trigger?.last_send?.project]);
  }
  for (const [url, project] of known) {
    if (typeof url !== 'string' || !project) continue;
    const at = url.indexOf(`/${project}/-/`);
    if (at > 0 && safeUrl(url)) return url.slice(0, at);
  }
  return null;
}
