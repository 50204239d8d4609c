// When pdm may migrate and when it starts a run by itself: the next scheduled firing and the latest firings.

import { h, fill } from './dom.js';
import { get } from './api.js';
import { timeEl } from './time.js';

/** A line that fills itself with the schedule of automatic runs. */
export function scheduleLine() {
  const line = h('div', { class: 'schedule', id: 'schedule' });
  get('/api/v1/schedule').then((schedule) => {
    const auto = schedule.auto_execute || {};
    const last = (schedule.firings || [])[0];
    fill(line, auto.enabled
      ? h('p', {}, 'Scheduled runs (', h('code', {}, auto.cron), ` ${auto.time_zone}) as pdm-scheduler: next firing `,
        timeEl(auto.next_firing_at), '.')
      : h('p', { class: 'muted' }, 'Scheduled runs are off (schedule.auto_execute).'),
    last ? h('p', { class: 'muted', id: 'last-firing' }, 'Last firing ', timeEl(last.fired_for), `: ${last.outcome}`,
      last.reason ? ` — ${last.reason}` : '', last.run_id ? [' (', h('a', { href: `#/runs/${last.run_id}` }, 'run'), ')'] : null)
      : null);
  }).catch(() => fill(line));
  return line;
}
