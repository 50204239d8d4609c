// The decisions a person can take on one stage, as the state machine allows them (docs/run-state-machine.md): a
// failed stage is retried, mitigated, its QA failure overridden; a blocked one rechecked or overridden; a trigger in
// doubt adopted or triggered again; any stage in progress abandoned. Each one needs a reason, and the server has the
// last word: its refusal is shown as it is.

import { post } from './api.js';
import { actionForm } from './actions.js';

/** Stage statuses an operator may abandon (everything in progress except recording). */
const ABANDONABLE = new Set(['CHECKING', 'BLOCKED', 'TRIGGERING', 'TRIGGER_UNCERTAIN', 'RUNNING', 'FAILED']);

const WHOLE_NUMBER = /^\d+$/;

/** @param context {stage, label, path (the stage's API path), runStatus, operator, done(run)} */
export function stageActions({ stage, label, path, runStatus, operator, done }) {
  const forms = [];
  const qa = stage.spec.kind === 'QA';
  const send = (action) => (body) => post(`${path}/${action}`, body);
  if (stage.status === 'FAILED') {
    forms.push(actionForm({
      id: 'retry', title: `Retry ${label}`, operator, submitLabel: `Retry ${label}`, danger: true, open: true,
      note: qa ? 'pdm did not retry this stage automatically. Retry when you know why QA failed; your reason is recorded.'
        : 'pdm did not retry this stage automatically: a failed post-deploy migration may have left data '
        + 'half-migrated. Retry only when you know it is safe; your reason is recorded.',
      fields: [{ name: 'reason', label: 'Why is a retry safe?', type: 'textarea', required: true }],
      confirm: `Trigger a new ${qa ? 'QA' : 'migration'} pipeline for ${label}?`,
      submit: send('retry'), done,
    }));
    if (qa) {
      forms.push(actionForm({
        id: 'override-qa', title: `Override the QA failure on ${label}`, operator, danger: true,
        submitLabel: 'Override the QA failure',
        note: 'The only decision that lets the run go on to production after QA failed. Your reason is recorded.',
        fields: [
          { name: 'reason', label: 'Why may production go on?', type: 'textarea', required: true },
          { name: 'link', label: 'Link (QA issue, flaky test report), optional', type: 'url' }],
        confirm: `Let the run go on to production although ${label} failed?`,
        submit: send('override-qa'), done,
      }));
    }
    forms.push(actionForm({
      id: 'mitigation', title: 'Record a mitigation', operator, submitLabel: 'Record mitigation',
      note: qa ? 'Recorded only: on a QA stage a mitigation does not let the run go on (override the QA failure for that).'
        : 'No-op and mark-complete let the run go on; "other" is recorded only.',
      fields: [
        { name: 'kind', label: 'Kind', type: 'select', options: qa ? [['other', 'other']]
          : [['noop', 'migration made a no-op'], ['mark-complete', 'DML migration marked complete'], ['other', 'other']] },
        { name: 'reason', label: 'What was done and why', type: 'textarea', required: true },
        { name: 'link', label: 'Link (MR, issue), optional', type: 'url' }],
      submit: send('mitigations'), done,
    }));
  }
  if (stage.status === 'BLOCKED') {
    forms.push(actionForm({
      id: 'recheck', title: `Check ${label} again`, operator, submitLabel: 'Run the checks again', fields: [],
      submit: () => post(`${path}/recheck`, {}), done,
    }));
    forms.push(actionForm({
      id: 'override', title: `Proceed despite failing checks on ${label}`, operator, danger: true,
      submitLabel: 'Override the checks', fields: [
        { name: 'reason', label: 'Why is it safe to proceed?', type: 'textarea', required: true },
        { name: 'link', label: 'Link (change request, incident), optional', type: 'url' }],
      confirm: `Proceed with ${label} although its checks fail?`,
      submit: send('override'), done,
    }));
  }
  if (stage.status === 'TRIGGER_UNCERTAIN') {
    const attempt = stage.attempts?.[stage.attempts.length - 1]?.number;
    forms.push(actionForm({
      id: 'adopt', title: `Adopt a pipeline for ${label}`, operator, submitLabel: 'Adopt the pipeline',
      note: `You found the pipeline pdm's creation made (or one you ran by hand for it): pdm follows it as attempt `
        + `${attempt} of ${label}.`,
      fields: [
        { name: 'pipeline_id', label: 'Pipeline id (the number in GitLab)', inputmode: 'numeric', required: true,
          parse: (value) => (WHOLE_NUMBER.test(value) ? Number(value) : value) },
        { name: 'reason', label: 'Why is it this attempt\'s pipeline?', type: 'textarea', required: true }],
      confirm: (body) => `Follow pipeline #${body.pipeline_id} as attempt ${attempt} of ${label}?`,
      submit: send('adopt'), done,
    }));
    if (runStatus !== 'canceling') {
      forms.push(actionForm({
        id: 'trigger-again', title: `Trigger ${label} again`, operator, danger: true, submitLabel: 'Trigger again',
        note: qa ? 'A new attempt starts with new markers.' : 'A new attempt starts with new markers, after the production '
          + 'checks run again.',
        warning: 'Only when you have looked in GitLab and found no pipeline for this attempt: if GitLab did create one '
          + 'that pdm cannot see, a second pipeline would run next to it.',
        fields: [{ name: 'reason', label: 'Why are you sure no pipeline was created?', type: 'textarea', required: true }],
        confirm: `Trigger a new pipeline for ${label}? A pipeline GitLab created without pdm seeing it would run next to `
          + 'it.',
        submit: send('trigger-again'), done,
      }));
    }
  }
  if (ABANDONABLE.has(stage.status)) {
    forms.push(actionForm({
      id: 'abandon', title: `Abandon ${label}`, operator, danger: true, submitLabel: `Abandon ${label}`,
      note: 'The way out of a stage that cannot go on: pdm stops following it and the run ends failed. A pipeline '
        + 'running in GitLab is not canceled: cancel it there if it must stop.',
      fields: [{ name: 'reason', label: 'Why is the stage given up?', type: 'textarea', required: true }],
      confirm: `Abandon ${label} and end the run failed? Nothing is canceled in GitLab.`,
      submit: send('abandon'), done,
    }));
  }
  return forms;
}
