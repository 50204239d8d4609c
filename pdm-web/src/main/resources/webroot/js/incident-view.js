// The incident workflow of a failed stage: what was decided, what is still open and the timeline (shown in the triage
// panel), and the decisions an operator records (shown with the run's actions, also after the run ended).

import { h, extLink } from './dom.js';
import { timeEl } from './time.js';
import { post } from './api.js';
import { actionForm } from './actions.js';

/** The workflow's part of the triage panel. */
export function incidentSection(workflow) {
  const block = workflow.block;
  const plan = workflow.plan;
  const mr = plan?.merge_request;
  const row = (label, ...value) => [h('dt', {}, label), h('dd', {}, ...value)];
  return h('section', { class: 'incident-workflow', 'aria-label': 'Incident workflow',
    dataset: { following: String(workflow.following) } },
  h('h4', {}, 'Incident workflow ', workflow.following ? h('span', { class: 'badge s-running' }, 'followed')
    : h('span', { class: 'badge s-succeeded' }, 'complete')),
  h('dl', { class: 'facts' },
    row('Blocks deployments', block ? h('span', { class: 'block-decision' }, block.blocks
      ? (block.lifted_at ? 'yes, lifted once the fix was everywhere' : 'yes') : 'no', ` — ${block.actor}: “${block.reason}”`)
      : h('span', { class: 'muted' }, 'not decided')),
    row('Plan', plan ? h('span', { class: 'plan' }, planWords(plan), ' — ', planTarget(plan), ` (${plan.actor}: “${plan.reason}”)`)
      : h('span', { class: 'muted' }, 'not agreed')),
    mr ? row('Fix', extLink(mr.web_url, `!${mr.iid}`), ` ${mr.state}`, mr.on_environments?.length
      ? ` · runs on ${mr.on_environments.join(', ')}` : '') : null,
    workflow.ready_at ? row('Ready to re-run', timeEl(workflow.ready_at),
      workflow.next_run ? [' · run ', h('a', { href: `#/runs/${workflow.next_run.run_id}` },
        workflow.next_run.run_id.slice(0, 8)), ` ${workflow.next_run.status}`] : '') : null,
    workflow.resolution ? row('Incident', `resolved (${workflow.resolution.how}) `, timeEl(workflow.resolution.at))
      : null,
    (workflow.release_items || []).length ? row('Monthly release', workflow.release_items.map((i) => h('div', {},
      extLink(i.merge_request_url, `!${i.merge_request_iid}`), ` ${i.status.toLowerCase().replace(/_/g, ' ')}`)))
      : null),
  h('h5', {}, 'Open items'),
  (workflow.open_items || []).length ? h('ul', { class: 'open-items' },
    workflow.open_items.map((item) => h('li', {}, item))) : h('p', { class: 'muted open-items-none' }, 'None.'),
  h('h5', {}, 'Timeline'),
  h('ol', { class: 'incident-timeline' }, (workflow.timeline || []).map((e) => h('li', {
    dataset: { kind: e.kind, noted: String(e.noted), posted: String(e.note_posted) } },
  timeEl(e.at), ' ', h('strong', {}, e.actor), ' ', h('span', { class: 'entry-text' }, e.text),
  e.link ? [' ', extLink(e.link, 'link')] : null,
  e.noted ? h('span', { class: 'mini note-state' }, e.note_posted ? ' ✓ noted on the incident'
    : e.note_error ? ` note refused by GitLab: ${e.note_error}` : ' noting…') : null))));
}

/** The forms of an operator's decisions on the workflow. */
export function incidentForms(workflow, stagePath, label, { operator, done, kind }) {
  const base = `${stagePath}/incident`;
  const forms = [];
  if (!workflow.resolution) {
    forms.push(actionForm({
      id: 'block', title: `Does the failure of ${label} block deployments?`, operator, submitLabel: 'Record the decision',
      note: 'Blocking adds the deployment blocker label to the incident (production checks then block runs) and '
        + 'announces it; either way a note on the incident says who decided, when and why.',
      fields: [
        { name: 'blocks', label: 'Decision', type: 'select', options: [['yes', 'it blocks deployments'],
          ['no', 'it does not block deployments']] },
        { name: 'reason', label: 'Why', type: 'textarea', required: true }],
      submit: (body) => post(`${base}/block`, { blocks: body.blocks === 'yes', reason: body.reason }), done,
    }));
  }
  const kinds = kind === 'DML'
    ? [['mark-complete', 'mark the migration complete and clean up (change requests)'],
      ['noop-mr', 'make the migration a no-op (merge request)']]
    : [['noop-mr', 'make the migration a no-op (merge request)'],
      ['mark-complete', 'mark the migration complete and clean up (change requests)']];
  forms.push(actionForm({
    id: 'plan', title: workflow.plan ? 'Change the mitigation plan' : 'Agree the mitigation plan', operator,
    submitLabel: 'Record the plan',
    note: 'pdm follows the plan: the no-op merge request into every environment, or the change requests, then '
      + 'offers a new run. The plan and each step are noted on the incident.',
    fields: [
      { name: 'kind', label: 'Plan', type: 'select', options: [...kinds, ['retry', 'retry is safe (retries the stage)'],
        ['other', 'other (with a link)']] },
      { name: 'merge_request', label: 'No-op merge request (!123 or URL)' },
      { name: 'change_request', label: 'Mark-complete change request (#12 or URL)' },
      { name: 'cleanup_change_request', label: 'Clean-up change request (#12 or URL), optional' },
      { name: 'link', label: 'Link (other)', type: 'url' },
      { name: 'reason', label: 'Why this plan', type: 'textarea', required: true }],
    submit: (body) => post(`${base}/plan`, body), done,
  }));
  forms.push(actionForm({
    id: 'handover', title: 'Hand over to another release manager', operator, submitLabel: 'Hand over',
    note: 'Posted to the incident and chat, and kept on the run. The summary is pdm\'s: edit it as you like.',
    fields: [
      { name: 'to', label: 'GitLab username of the release manager taking over', required: true },
      { name: 'summary', label: 'Summary', type: 'textarea', value: workflow.handover_draft, rows: 8 }],
    submit: (body) => post(`${base}/handover`, body), done,
  }));
  for (const followUp of (workflow.follow_ups || []).filter((f) => !f.done_at)) {
    forms.push(actionForm({
      id: `follow-up-${followUp.key}`, title: `Follow-up: ${followUp.text}`, operator, submitLabel: 'Record the answer',
      fields: [{ name: 'answer', label: 'Answer', type: 'textarea', required: true }],
      submit: (body) => post(`${base}/follow-ups/${encodeURIComponent(followUp.key)}`, body), done,
    }));
  }
  if (workflow.ready_at && !workflow.next_run) {
    forms.push(actionForm({
      id: 'rerun', title: 'Ready to re-run: start a new run', operator, submitLabel: 'Start a new run', open: true,
      note: 'The failed run, if still waiting for a decision, is closed with this reason; the new run has the usual '
        + 'production checks.',
      fields: [{ name: 'reason', label: 'Reason (optional)', type: 'textarea' }],
      confirm: 'Close the failed run and start a new post-deploy migration run?',
      submit: (body) => post(`${base}/rerun`, body),
      done: (run) => {
        if (run?.id) location.hash = `#/runs/${run.id}`;
      },
    }));
  }
  return forms;
}

function planWords(plan) {
  return { NOOP_MR: 'make the migration a no-op', MARK_COMPLETE: 'mark complete and clean up', RETRY: 'retry is safe',
    OTHER: 'other' }[plan.kind] || plan.kind;
}

function planTarget(plan) {
  if (plan.merge_request) return extLink(plan.merge_request.web_url, `!${plan.merge_request.iid}`);
  if (plan.mark_complete) {
    return [extLink(plan.mark_complete.web_url, `#${plan.mark_complete.iid}`), ` ${plan.mark_complete.state}`,
      plan.cleanup ? [', clean-up ', extLink(plan.cleanup.web_url, `#${plan.cleanup.iid}`), ` ${plan.cleanup.state}`]
        : ', clean-up not linked'];
  }
  if (plan.link) return extLink(plan.link, 'link');
  return '';
}
