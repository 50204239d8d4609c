// The page: signs in (token from the URL fragment, else a form), keeps one live connection, and shows the route:
// #/ overview + current run, #/runs/ID one run with its whole event log, #/history, #/executed.

import { h, fill } from './dom.js';
import { refreshTimes } from './time.js';
import { api, get, ApiError, describeError } from './api.js';
import { LiveClient } from './live.js';
import { RunView } from './run-view.js';
import { renderOverview, planOrder } from './overview.js';
import { renderHistory } from './history.js';
import { renderExecuted } from './executed.js';

const OVERVIEW_POLL_MS = 15000;
const main = document.getElementById('main');
const conn = document.getElementById('conn');
const who = document.getElementById('who');

const state = {
  session: null,
  overview: null,
  overviewKey: '',
  runs: [],
  view: null,
  currentRunId: null,
  page: null,
};

const live = new LiveClient({
  onStatus: showConnection,
  onHello: () => {
    if (state.page === 'overview') refreshOverview();
  },
  onSnapshot: (runs) => {
    const active = runs.find((r) => r.active);
    if (active && state.page === 'overview' && state.currentRunId !== active.id) showCurrentRun(active.id);
  },
  onOverview: (overview) => {
    // Pushed when the replica's view of GitLab changes; it carries no active run, which the page keeps from the API.
    if (!state.overview) return;
    state.overview = { ...overview, active_run: state.overview.active_run, recent_runs: state.overview.recent_runs };
    if (state.page === 'overview') renderOverviewIfChanged();
  },
  onEvent: (message) => {
    if (state.view && state.view.runId === message.run_id) {
      state.view.onEvent(message);
    } else if (state.page === 'overview' && message.event === 'RunRequested') {
      showCurrentRun(message.run_id);
    }
  },
});

function showConnection(status, detail) {
  if (status === 'reconnecting' && detail?.attempt % 3 === 0) {
    // A refused upgrade looks like a drop: ask whether the session itself ended (a 401 brings the sign-in form).
    get('/api/v1/session').catch(() => {});
  }
  conn.dataset.state = status;
  conn.textContent = status === 'live' ? 'Live'
    : status === 'connecting' ? 'Connecting…'
      : `Reconnecting…${detail?.attempt ? ` (attempt ${detail.attempt})` : ''}`;
  conn.title = status === 'live' ? 'Updates arrive as they happen'
    : 'The live connection dropped; the page reconnects and catches up by itself';
}

async function boot() {
  const fragment = new URLSearchParams(location.hash.replace(/^#\/?/, ''));
  const token = fragment.get('token');
  let linkProblem = null;
  if (token) {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    try {
      // The server honours a link only in sandbox mode: elsewhere a link could sign you in as someone else.
      state.session = await api('POST', '/api/v1/session', { token, via: 'link' });
      return signedIn();
    } catch (err) {
      linkProblem = err instanceof ApiError && err.status === 401 ? 'The token in the link was not accepted.'
        : err instanceof ApiError && err.status === 403 ? 'Sign-in links work in sandbox mode only: paste your token.'
          : describeError(err);
    }
  }
  try {
    state.session = await get('/api/v1/session');
  } catch (err) {
    return signInForm(linkProblem || (err instanceof ApiError && err.status === 401 ? null : describeError(err)));
  }
  signedIn();
}

function signInForm(problem) {
  live.stop();
  state.session = null;
  fill(who);
  showConnection('connecting');
  conn.textContent = 'Signed out';
  conn.dataset.state = 'signed-out';
  const input = h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'current-password' });
  const message = h('p', { class: problem ? 'form-message error' : 'form-message', role: 'alert' }, problem || '');
  const form = h('form', { class: 'card signin', onsubmit: async (e) => {
    e.preventDefault();
    try {
      state.session = await api('POST', '/api/v1/session', { token: input.value });
      signedIn();
    } catch (err) {
      message.className = 'form-message error';
      fill(message, err instanceof ApiError && err.status === 401 ? 'That token is not one of pdm\'s tokens.'
        : describeError(err));
    }
  } },
  h('h2', {}, 'Sign in'),
  h('p', {}, 'Paste your pdm API token. In sandbox mode, the server printed a link that signs you in.'),
  h('label', { for: 'token' }, 'Token'), h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
  message);
  fill(main, form);
  input.focus();
}

function signedIn() {
  fill(who, h('span', {}, state.session.caller, ' · ', h('strong', {}, state.session.role)), ' ',
    h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'));
  live.start();
  route();
}

async function signOut() {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    signInForm(null);
  }
}

function route() {
  if (!state.session) return;
  state.view?.destroy();
  state.view = null;
  const hash = location.hash.replace(/^#/, '') || '/';
  for (const a of document.querySelectorAll('nav a')) {
    a.toggleAttribute('aria-current', a.getAttribute('href') === `#${hash}` || (hash === '/' && a.getAttribute('href') === '#/'));
  }
  const runMatch = /^\/runs\/([0-9a-f-]+)$/i.exec(hash);
  if (runMatch) {
    state.page = 'run';
    document.title = 'pdm · run';
    mountRun(main, runMatch[1], true);
  } else if (hash === '/history') {
    state.page = 'history';
    document.title = 'pdm · history';
    renderHistory(main, state.overview ? planOrder(state.overview) : []);
    if (!state.overview) loadOverview().then(() => state.page === 'history' && renderHistory(main, planOrder(state.overview)));
  } else if (hash === '/executed') {
    state.page = 'executed';
    document.title = 'pdm · was it executed?';
    renderExecuted(main);
  } else {
    state.page = 'overview';
    document.title = 'pdm';
    state.currentRunId = null;
    state.overviewKey = '';
    fill(main, h('div', { id: 'current-run' }), h('div', { id: 'overview' }, h('p', { class: 'muted' }, 'Loading…')));
    refreshOverview(true);
  }
  main.focus({ preventScroll: true });
}

function mountRun(container, runId, full) {
  state.view?.destroy();
  state.view = new RunView(runId, {
    live, session: state.session, full, environments: state.overview ? planOrder(state.overview) : [],
    onChange: (run, message) => {
      if (state.page !== 'overview') return;
      if (!message || !run.active) refreshOverview(true);
      else renderOverviewIfChanged();
    },
  });
  fill(container, state.view.el);
  state.view.load();
}

function showCurrentRun(runId) {
  const slot = document.getElementById('current-run');
  if (!slot) return;
  state.currentRunId = runId;
  mountRun(slot, runId, false);
}

async function loadOverview(fresh = false) {
  const [overview, runs] = await Promise.all([
    get(`/api/v1/overview${fresh ? '?fresh=true' : ''}`),
    get('/api/v1/runs?limit=10').then((r) => r.runs).catch(() => state.runs),
  ]);
  state.overview = overview;
  state.runs = runs;
  return overview;
}

function renderOverviewIfChanged() {
  const slot = document.getElementById('overview');
  const overview = state.overview;
  if (!slot || !overview) return;
  const activeRun = state.view?.run?.active ? state.view.run : null;
  const key = JSON.stringify({ ...overview, generated_at: null, runs: state.runs.map((r) => [r.id, r.status]),
    role: state.session?.role, active: activeRun ? [activeRun.id, activeRun.status] : null });
  if (key === state.overviewKey) return;
  state.overviewKey = key;
  renderOverview(slot, overview, state.runs, state.session, activeRun, (run) => {
    showCurrentRun(run.id);
    refreshOverview(true);
  });
}

async function refreshOverview(withRuns = false) {
  const slot = document.getElementById('overview');
  if (!slot) return;
  try {
    const overview = withRuns || !state.overview ? await loadOverview(false) : await get('/api/v1/overview');
    state.overview = overview;
    if (state.page !== 'overview') return;
    renderOverviewIfChanged();
    const runId = overview.active_run?.id || (!state.currentRunId && state.runs[0]?.id);
    if (runId && runId !== state.currentRunId) showCurrentRun(runId);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) {
      slot.prepend(h('p', { class: 'error', role: 'alert' }, `Could not read the overview: ${describeError(err)}`));
    }
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('pdm:unauthenticated', () => signInForm('Your session ended: sign in again.'));
setInterval(() => {
  refreshTimes();
  if (state.page === 'overview' && state.session && document.visibilityState === 'visible') refreshOverview();
}, OVERVIEW_POLL_MS);
setInterval(() => refreshTimes(), 30000);
boot();
