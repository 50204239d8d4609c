// A guarded action: a form that states what it does, needs the operator role, checks its required fields, asks for
// confirmation when it changes something that matters, and shows the server's refusal as it is.
// A field's `parse` turns its text into what the API expects (e.g. a number); `confirm` may depend on what was typed.

import { h, fill } from './dom.js';
import { describeError } from './api.js';
import { confirmDialog } from './confirm.js';

let counter = 0;

export function actionForm({ id, title, note, fields, submitLabel, submit, done, operator, danger, confirm, open,
  warning }) {
  const form = h('form', { class: `action ${danger ? 'danger' : ''}`, dataset: { action: id }, novalidate: true });
  const message = h('p', { class: 'form-message', role: 'status' });
  const controls = fields.map((field) => {
    const fieldId = `f${++counter}`;
    let input;
    if (field.type === 'textarea') {
      // The field's text is its default: a form reset after sending brings it back.
      input = h('textarea', { id: fieldId, name: field.name, rows: field.rows || 2, required: field.required || null },
        field.value || '');
    } else if (field.type === 'select') {
      input = h('select', { id: fieldId, name: field.name },
        field.options.map(([value, label]) => h('option', { value }, label)));
    } else {
      input = h('input', { id: fieldId, name: field.name, type: field.type || 'text', required: field.required || null,
        inputmode: field.inputmode || null });
    }
    return h('div', { class: 'field' }, h('label', { for: fieldId }, field.label, field.required ? ' (required)' : ''),
      input);
  });
  const button = h('button', { type: 'submit', class: danger ? 'danger' : '', disabled: !operator,
    title: operator ? null : 'needs the operator role' }, submitLabel);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    const missing = [];
    for (const field of fields) {
      const value = form.elements[field.name].value.trim();
      if (field.required && !value) missing.push(field.label);
      if (value) body[field.name] = field.parse ? field.parse(value) : value;
    }
    if (missing.length) {
      message.className = 'form-message error';
      fill(message, `Required: ${missing.join(', ')}.`);
      form.elements[fields.find((f) => f.required && !form.elements[f.name].value.trim()).name].focus();
      return;
    }
    const question = typeof confirm === 'function' ? confirm(body) : confirm;
    if (question && !(await confirmDialog(title, [question, body.reason ? `Reason: ${body.reason}` : null]))) return;
    button.disabled = true;
    message.className = 'form-message';
    fill(message, 'Sending…');
    try {
      const result = await submit(body);
      message.className = 'form-message ok';
      fill(message, 'Done.');
      form.reset();
      done?.(result);
    } catch (err) {
      message.className = 'form-message error';
      fill(message, describeError(err));
    } finally {
      button.disabled = !operator;
    }
  });
  return h('details', { class: 'action-box', open: open || null, dataset: { box: id } },
    h('summary', {}, title),
    note ? h('p', { class: 'note' }, note) : null, warning ? h('p', { class: 'warning-note' }, warning) : null,
    fill(form, controls, h('div', { class: 'row' }, button), message));
}
