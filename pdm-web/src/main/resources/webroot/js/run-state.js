// A run's present rebuilt from the live protocol (docs/live-protocol.md, version 2): the run as the API or the
// snapshot gives it ({id, status, active, last_seq, state, log_tails}), then each later event's `payload.changes`
// (JSON Patch operations on `state`) applied in seq order. Events never carry the whole run.

const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

/**
 * Applies a live event (or one listed by the API, with `event` = its type) to `run` if it comes after what `run`
 * shows; returns whether it did. A JobLog event changes no state: its lines belong to the log tail.
 */
export function applyEvent(run, message) {
  if (!run || message.seq <= (run.last_seq || 0)) return false;
  const changes = message.payload?.changes;
  if (changes) {
    run.state = applyChanges(run.state || {}, changes);
    const status = run.state?.run?.status;
    if (status) {
      run.status = String(status).toLowerCase();
      run.active = !FINISHED.has(run.status);
    }
    run.updated_at = message.at || run.updated_at;
  }
  run.last_seq = message.seq;
  return true;
}

/** Applies JSON Patch operations (add, replace, remove; RFC 6902) to `doc`; returns the new document. */
export function applyChanges(doc, changes) {
  let root = doc;
  for (const change of changes) {
    const value = change.value === undefined ? undefined : structuredClone(change.value);
    if (change.path === '') {
      root = value;
      continue;
    }
    const keys = change.path.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    let parent = root;
    for (const key of keys) parent = parent[Array.isArray(parent) ? Number(key) : key];
    if (Array.isArray(parent)) {
      if (change.op === 'remove') parent.splice(Number(last), 1);
      else if (last === '-') parent.push(value);
      else if (change.op === 'add') parent.splice(Number(last), 0, value);
      else parent[Number(last)] = value;
    } else if (change.op === 'remove') {
      delete parent[last];
    } else {
      parent[last] = value;
    }
  }
  return root;
}
