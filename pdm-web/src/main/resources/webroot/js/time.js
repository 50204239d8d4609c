// Times as people read them: relative ("3 min ago") and absolute with the time zone.

const absolute = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric',
  hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
});

export function relative(date, now = Date.now()) {
  const seconds = Math.round((now - date.getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  let text;
  if (s < 5) return 'just now';
  if (s < 60) text = `${s} s`;
  else if (s < 3600) text = `${Math.floor(s / 60)} min`;
  else if (s < 86400) text = `${Math.floor(s / 3600)} h`;
  else text = `${Math.floor(s / 86400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

/** A <time> showing "3 min ago (24 Nov 2026, 22:25:56 UTC)"; refreshed by {@link refreshTimes}. */
export function timeEl(iso) {
  const el = document.createElement('time');
  if (!iso) {
    el.textContent = '—';
    return el;
  }
  const date = new Date(iso);
  el.dateTime = date.toISOString();
  el.dataset.rel = '1';
  el.title = date.toISOString();
  render(el, date);
  return el;
}

function render(el, date) {
  el.textContent = `${relative(date)} (${absolute.format(date)})`;
}

export function refreshTimes(root = document) {
  for (const el of root.querySelectorAll('time[data-rel]')) render(el, new Date(el.dateTime));
}

export function duration(fromIso, toIso) {
  if (!fromIso) return '';
  const ms = (toIso ? new Date(toIso) : new Date()) - new Date(fromIso);
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
