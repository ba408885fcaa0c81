// Streamgate demo: streams chat answers from POST /chat/stream (Server-Sent Events over fetch).
// Provider text is only ever written with textContent, so a reply can never inject HTML.
'use strict';

const STORAGE_KEY = 'streamgate.session_id';
const HEALTH_INTERVAL_MS = 10000;

const $ = (id) => document.getElementById(id);
const ui = {
  message: $('message'), send: $('send'), stop: $('stop'), form: $('composer'),
  messages: $('messages'), status: $('status'), sessions: $('sessions'),
  newSession: $('new-session'), clearSession: $('clear-session'), deleteSession: $('delete-session'),
  sessionId: $('session-id'), health: $('health'), retryBox: $('retry-box'), retry: $('retry'),
};

const state = {
  sessionId: readStoredSession(),
  controller: null,   // AbortController of the turn in flight; null when idle
  lastMessage: null,  // what Retry resends after a network drop
};

/* ---------- small helpers ---------- */
function readStoredSession() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; } // storage may be disabled
}

function setSession(id) {
  state.sessionId = id || null;
  try {
    if (id) localStorage.setItem(STORAGE_KEY, id); else localStorage.removeItem(STORAGE_KEY);
  } catch { /* private mode: keep it in memory only */ }
  ui.sessionId.textContent = id || 'none yet';
  markActiveSession();
  updateControls();
}

function setStatus(text) { ui.status.textContent = text; }

// Creates an element whose text is set with textContent (never parsed as HTML).
function make(tag, className, text = '') {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

function isStreaming() { return state.controller !== null; }

function updateControls() {
  const busy = isStreaming();
  ui.send.disabled = busy;
  ui.stop.disabled = !busy;
  ui.newSession.disabled = busy;
  ui.clearSession.disabled = ui.deleteSession.disabled = busy || !state.sessionId;
  ui.sessions.querySelectorAll('button').forEach((b) => { b.disabled = busy; });
}

function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

// Turns the gateway's JSON error shape {"error":{"code","message"}} into an Error; tolerates non-JSON bodies.
async function errorFrom(response) {
  const body = await response.json().catch(() => null);
  const err = (body && body.error) || {};
  return Object.assign(new Error(err.message || `HTTP ${response.status}`), { status: response.status, code: err.code });
}

async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await errorFrom(response);
  return response.json();
}

/* ---------- conversation rendering ---------- */
// Only scroll when the reader is already near the bottom, so reading history is not interrupted.
function scrollToEnd(force) {
  const m = ui.messages;
  if (force || m.scrollHeight - m.scrollTop - m.clientHeight < 80) m.scrollTop = m.scrollHeight;
}

function appendMessage(role, text) {
  const li = make('li', `msg ${role}`);
  li.append(make('span', 'role', role === 'user' ? 'You' : 'Assistant'), make('div', 'content', text), make('p', 'meta'));
  ui.messages.append(li);
  scrollToEnd(true);
  return li;
}

function setMeta(li, text) { li.querySelector('.meta').textContent = text; }

function showErrorIn(li, text) {
  li.classList.add('error');
  li.querySelector('.meta').before(make('p', 'error-text', text));
}

function renderHistory(messages) {
  ui.messages.replaceChildren();
  for (const m of messages || []) {
    const li = appendMessage(m.role === 'user' ? 'user' : 'assistant', m.content || '');
    if (m.interrupted) { li.classList.add('interrupted'); setMeta(li, '(interrupted)'); }
  }
}

/* ---------- SSE parsing ---------- */
// Minimal Server-Sent Events parser (WHATWG rules): feed it decoded text as it arrives.
function createSseParser(onEvent) {
  let buffer = '';
  let data = [];
  let lastId = null;

  // Per spec an event whose data buffer is empty is not dispatched.
  function dispatch() {
    const payload = data.join('\n');
    data = [];
    if (payload !== '') onEvent({ id: lastId, data: payload });
  }

  function handleLine(line) {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return; // comment, e.g. ": ping" heartbeats
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    // "event" and "retry" are not used by this API and are ignored.
  }

  return {
    push(text) {
      buffer += text;
      const re = /\r\n|\r|\n/g;
      let start = 0;
      let m;
      while ((m = re.exec(buffer)) !== null) {
        // A trailing lone '\r' may be half of a '\r\n' split across reads: wait for more input.
        if (m[0] === '\r' && m.index === buffer.length - 1) break;
        handleLine(buffer.slice(start, m.index));
        start = re.lastIndex;
      }
      buffer = buffer.slice(start);
    },
    end() {
      // At EOF a held-back '\r' is a real line end; an unterminated event is discarded per spec.
      if (buffer.endsWith('\r')) handleLine(buffer.slice(0, -1));
      buffer = '';
    },
  };
}

async function readStream(response, onEvent) {
  const parser = createSseParser(onEvent);
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.push(decoder.decode(value, { stream: true }));
  }
  parser.push(decoder.decode()); // flush a trailing partial UTF-8 sequence
  parser.end();
}

/* ---------- chat turn ---------- */
function handleEvent(raw, turn) {
  let ev;
  try { ev = JSON.parse(raw.data); } catch { return; } // not ours; never break the stream for it
  const li = turn.li;
  switch (ev.type) {
    case 'session_info':
      if (ev.session_id !== state.sessionId) setSession(ev.session_id);
      if (ev.created) refreshSessions();
      break;
    case 'status':
      setStatus(ev.message || 'Working…');
      break;
    case 'chunk':
      if (turn.firstChunkAt === null && !ev.is_final) {
        turn.firstChunkAt = performance.now();
        setStatus('Streaming…');
      }
      if (ev.text) {
        li.querySelector('.content').textContent += ev.text;
        scrollToEnd(false);
      }
      break;
    case 'complete': {
      turn.finished = true;
      const total = Math.round(performance.now() - turn.startedAt);
      const ttft = turn.firstChunkAt === null ? 'n/a' : `${Math.round(turn.firstChunkAt - turn.startedAt)} ms`;
      setMeta(li, `${ev.total_chunks} chunks · first token ${ttft} · total ${total} ms · finish: ${ev.finish_reason || 'n/a'}`);
      setStatus('Done.');
      break;
    }
    case 'error':
      turn.finished = true;
      showErrorIn(li, `Error: ${ev.message || 'unknown error'}${ev.code ? ` (${ev.code})` : ''}`);
      setMeta(li, '(interrupted)');
      setStatus(`Error: ${ev.message || 'unknown error'}`);
      break;
    // Unknown event types are ignored so newer servers stay compatible.
  }
}

function showRetry(show) { ui.retryBox.hidden = !show; }

async function sendMessage(text) {
  if (isStreaming() || !text) return;
  state.lastMessage = text;
  showRetry(false);
  appendMessage('user', text);
  const li = appendMessage('assistant', '');
  li.classList.add('streaming');
  setMeta(li, 'streaming…');
  const turn = { li, startedAt: performance.now(), firstChunkAt: null, finished: false };
  state.controller = new AbortController();
  updateControls();
  setStatus('Sending…');

  const body = { message: text };
  if (state.sessionId) body.session_id = state.sessionId;
  try {
    const response = await fetch('/chat/stream', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(body),
      signal: state.controller.signal,
    });
    if (!response.ok) {
      const err = await errorFrom(response);
      showErrorIn(li, `Error: ${err.message}`);
      setMeta(li, '');
      setStatus(`Error: ${err.message}`);
      // The stored session is gone (e.g. server restarted): forget it so the next send starts afresh.
      if (err.status === 404 && body.session_id) setSession(null);
      return;
    }
    await readStream(response, (ev) => handleEvent(ev, turn));
    if (!turn.finished) throw new TypeError('stream ended early'); // cut off without complete/error
  } catch (err) {
    setMeta(li, '(interrupted)');
    const stopped = err.name === 'AbortError'; // Stop button; anything else is a network failure
    setStatus(stopped ? 'Stopped.' : 'Connection lost.');
    showRetry(!stopped);
  } finally {
    li.classList.remove('streaming');
    state.controller = null;
    updateControls();
    refreshSessions();
  }
}

/* ---------- sessions panel ---------- */
function markActiveSession() {
  ui.sessions.querySelectorAll('button[data-id]').forEach((b) => {
    if (b.dataset.id === state.sessionId) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  });
}

function renderSessions(list) {
  ui.sessions.replaceChildren();
  for (const s of list) {
    const b = make('button', 'session');
    b.type = 'button';
    b.dataset.id = s.session_id;
    b.title = s.session_id;
    b.append(make('code', 'sid', s.session_id.slice(0, 8)),
      make('span', 'session-info', `${s.message_count} msg · ${formatTime(s.updated_at)}`));
    b.addEventListener('click', () => switchSession(s.session_id));
    const li = make('li', 'session-item');
    li.append(b);
    ui.sessions.append(li);
  }
  markActiveSession();
  updateControls();
}

async function refreshSessions() {
  try {
    const data = await api('GET', '/sessions');
    renderSessions(data.sessions || []);
  } catch { /* the panel is secondary; the health line already reports outages */ }
}

async function switchSession(id) {
  if (isStreaming()) return;
  try {
    const s = await api('GET', `/sessions/${encodeURIComponent(id)}`);
    setSession(s.session_id);
    renderHistory(s.messages);
    showRetry(false);
    setStatus(`Switched to session ${s.session_id.slice(0, 8)} (${s.message_count} messages).`);
  } catch (err) {
    setStatus(`Could not open session: ${err.message}`);
    if (err.status === 404) { if (id === state.sessionId) setSession(null); refreshSessions(); }
  }
}

// Runs a session action and reports failures in the status line instead of throwing.
async function sessionAction(label, fn) {
  try { await fn(); } catch (err) { setStatus(`${label} failed: ${err.message}`); }
  refreshSessions();
}

function newSession() {
  return sessionAction('New session', async () => {
    const s = await api('POST', '/sessions/new', {});
    setSession(s.session_id);
    renderHistory([]);
    setStatus('New session created.');
  });
}

const sessionPath = () => `/sessions/${encodeURIComponent(state.sessionId)}`;

function clearSession() {
  if (!state.sessionId) return undefined;
  return sessionAction('Clear', async () => {
    await api('POST', `${sessionPath()}/clear`);
    renderHistory([]);
    setStatus('Session cleared.');
  });
}

function deleteSession() {
  if (!state.sessionId) return undefined;
  return sessionAction('Delete', async () => {
    await api('DELETE', sessionPath());
    setSession(null);
    renderHistory([]);
    setStatus('Session deleted.');
  });
}

/* ---------- health footer ---------- */
async function refreshHealth() {
  try {
    const h = await api('GET', '/health');
    ui.health.textContent = `Server ${h.status} · provider ${h.provider} · model ${h.model} · ${h.active_streams} active stream${h.active_streams === 1 ? '' : 's'}`;
    ui.health.classList.remove('down');
  } catch {
    ui.health.textContent = 'Server unreachable';
    ui.health.classList.add('down');
  }
}

/* ---------- wiring ---------- */
function submitFromBox() {
  const text = ui.message.value.trim();
  if (!text) { setStatus('Type a message first.'); ui.message.focus(); return; }
  if (isStreaming()) return;
  ui.message.value = '';
  sendMessage(text);
  ui.message.focus();
}

ui.form.addEventListener('submit', (e) => { e.preventDefault(); submitFromBox(); });
ui.message.addEventListener('keydown', (e) => {
  // isComposing: Enter that confirms an IME composition must not send.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submitFromBox(); }
});
ui.stop.addEventListener('click', () => { if (state.controller) state.controller.abort(); });
ui.retry.addEventListener('click', () => { if (state.lastMessage) sendMessage(state.lastMessage); });
ui.newSession.addEventListener('click', newSession);
ui.clearSession.addEventListener('click', clearSession);
ui.deleteSession.addEventListener('click', deleteSession);

async function init() {
  setSession(state.sessionId);
  // Restore the remembered session's history; drop the id if the server no longer knows it.
  if (state.sessionId) {
    await switchSession(state.sessionId);
    setStatus(state.sessionId ? 'Ready.' : 'Previous session is gone; your next message starts a new one.');
  }
  refreshSessions();
  refreshHealth();
  setInterval(refreshHealth, HEALTH_INTERVAL_MS);
}

init();
