// When pdm starts a run by itself: the next scheduled firing, and the latest firings with what each decided and why.

import { h, fill } from './dom.js';
import { get } from './api.js';
import { timeEl } from './time.js';

const FIRINGS_SHOWN = 5;

/** A line that fills itself with the schedule of automatic runs. */
export function scheduleLine() {
  const line = h('div', { class: 'schedule', id: 'schedule' });
  get('/api/v1/schedule').then((schedule) => {
    const auto = schedule.auto_execute || {};
    const firings = (schedule.firings || []).slice(0, FIRINGS_SHOWN);
    fill(line, auto.enabled
      ? h('p', {}, 'Scheduled runs (', h('code', {}, auto.cron), ` ${auto.time_zone}) as pdm-scheduler: next firing `,
        timeEl(auto.next_firing_at), '.')
      : h('p', { class: 'muted' }, 'Scheduled runs are off (schedule.auto_execute).'),
    firings.length ? h('ul', { class: 'firings muted small' }, firings.map((f) => h('li', { dataset: { outcome: f.outcome } },
      'Firing ', timeEl(f.fired_for), `: ${f.outcome}`, f.reason ? ` — ${f.reason}` : '',
      f.run_id ? [' (', h('a', { href: `#/runs/${f.run_id}` }, 'run'), ')'] : null))) : null);
  }).catch(() => fill(line));
  return line;
}
