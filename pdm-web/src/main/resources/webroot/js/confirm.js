// A modal confirmation (<dialog>): focus moves into it, Escape cancels, and the answer is a promise.

import { h } from './dom.js';

export function confirmDialog(title, body, { confirmLabel = 'Confirm', danger = true } = {}) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: danger ? 'danger' : 'primary', dataset: { confirm: 'yes' } },
      confirmLabel);
    const no = h('button', { type: 'button', dataset: { confirm: 'no' } }, 'Cancel');
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('div', { class: 'confirm-body' }, (Array.isArray(body) ? body : [body]).filter(Boolean)
        .map((part) => (part instanceof Node ? part : h('p', {}, part)))),
      h('div', { class: 'row' }, no, yes));
    const finish = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    yes.addEventListener('click', () => finish(true));
    no.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    no.focus();
  });
}
