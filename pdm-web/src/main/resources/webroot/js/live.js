// The live connection (/api/v1/live): events in seq order per run, exactly once; after a drop it reconnects by
// itself and asks for what it missed (resume with the last seq it has), so the page catches up without a reload.
// Events carry what changed, not the whole run (protocol 2): run-state.js rebuilds a run from them.

/** The live protocol this page speaks; a server speaking another one serves a newer page: load it. */
export const LIVE_PROTOCOL = 2;
const SILENCE_MS = 40000;
const PING_MS = 15000;

export class LiveClient {
  /**
   * @param handlers {onEvent(message), onSnapshot(runs), onOverview(overview), onHello(message), onStatus(status, detail)}
   *   status: connecting | live | reconnecting
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.lastSeq = new Map();
    this.attempt = 0;
    this.socket = null;
    this.ready = false;
    this.lastMessageAt = Date.now();
    this.stopped = false;
    window.addEventListener('online', () => this.reconnectNow());
    setInterval(() => this.keepAlive(), PING_MS);
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.socket) this.socket.close(1000, 'signed out');
  }

  /** Follows a run from seq (what the caller already has): anything later is replayed, then live. */
  follow(runId, seq) {
    const known = this.lastSeq.get(runId);
    if (known === undefined || seq < known) {
      this.lastSeq.set(runId, seq);
      this.send({ type: 'resume', run_id: runId, since: seq });
    }
  }

  connect() {
    clearTimeout(this.retryTimer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/api/v1/live`);
    this.socket = socket;
    this.ready = false;
    this.status(this.attempt === 0 ? 'connecting' : 'reconnecting');
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      this.lastMessageAt = Date.now();
      this.receive(JSON.parse(message.data));
    };
    socket.onclose = (close) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.ready = false;
      if (!this.stopped) this.scheduleReconnect(close);
    };
  }

  receive(message) {
    switch (message.type) {
      case 'hello':
        if (message.protocol !== LIVE_PROTOCOL) {
          this.stop();
          location.reload();
          return;
        }
        this.ready = true;
        this.attempt = 0;
        this.status('live');
        this.handlers.onHello?.(message);
        for (const [runId, since] of this.lastSeq) this.send({ type: 'resume', run_id: runId, since });
        break;
      case 'snapshot':
        this.handlers.onSnapshot?.(message.runs || []);
        if (message.overview) this.handlers.onOverview?.(message.overview);
        break;
      case 'overview':
        if (message.overview) this.handlers.onOverview?.(message.overview);
        break;
      case 'event':
        this.event(message);
        break;
      default:
        break;
    }
  }

  event(message) {
    const last = this.lastSeq.get(message.run_id);
    if (last !== undefined && message.seq <= last) return;
    if (last !== undefined && message.seq > last + 1) {
      // A gap: something was missed (the run was followed after its events started). Ask again from what we have.
      this.send({ type: 'resume', run_id: message.run_id, since: last });
      return;
    }
    this.lastSeq.set(message.run_id, message.seq);
    this.handlers.onEvent?.(message);
  }

  send(message) {
    if (this.ready && this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  scheduleReconnect(close) {
    this.attempt += 1;
    const delay = Math.min(10000, 500 * 2 ** Math.min(this.attempt - 1, 5)) * (0.8 + Math.random() * 0.4);
    this.status('reconnecting', { attempt: this.attempt, code: close?.code, inMs: delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  reconnectNow() {
    if (this.stopped || this.ready) return;
    this.connect();
  }

  /** A connection that went silent (a dropped network does not always close it) is replaced. */
  keepAlive() {
    if (!this.ready || !this.socket) return;
    if (Date.now() - this.lastMessageAt > SILENCE_MS) {
      const stale = this.socket;
      this.socket = null;
      this.ready = false;
      stale.close(4000, 'silent');
      this.scheduleReconnect({ code: 4000 });
      return;
    }
    this.send({ type: 'ping' });
  }

  status(status, detail = {}) {
    this.handlers.onStatus?.(status, detail);
  }
}
