// Streamgate demo: streams chat answers from POST /chat/stream (Server-Sent Events read through fetch, so
// the turn can carry an Authorization header; Stop sends DELETE /streams/{turn_id}, so the gateway
// cancels the upstream call at once, then aborts the fetch). Provider text reaches the page only through renderMarkdown (escaped, then sanitized)
// or textContent: reasoning, tool calls and tool results are always plain text.
import { readEvents } from './sse.js';
import { markdownReady, renderMarkdown } from './markdown.js';

const STORE = {
  session: 'streamgate.session_id', key: 'streamgate.api_key', model: 'streamgate.model',
  reasoning: 'streamgate.reasoning_effort',
  sessions: 'streamgate.sessions', // the ids of the sessions this browser made, most recent first
};
const MAX_OWN_SESSIONS = 50;
const HEALTH_INTERVAL_MS = 10000;

const $ = (id) => document.getElementById(id);
const ui = {
  message: $('message'), send: $('send'), stop: $('stop'), form: $('composer'),
  messages: $('messages'), status: $('status'), sessions: $('sessions'),
  newSession: $('new-session'), clearSession: $('clear-session'), deleteSession: $('delete-session'),
  sessionId: $('session-id'), health: $('health'), retryBox: $('retry-box'), retryText: $('retry-text'),
  retry: $('retry'), settings: $('settings'), settingsForm: $('settings-form'), apiKey: $('api-key'),
  model: $('model'), models: $('models'), reasoning: $('reasoning'), streamState: $('stream-state'),
  figChunks: $('fig-chunks'), figTtft: $('fig-ttft'), figDuration: $('fig-duration'),
};

const state = {
  sessionId: stored(STORE.session),
  apiKey: stored(STORE.key) || '',
  model: stored(STORE.model) || '',
  reasoning: stored(STORE.reasoning) || '', // reasoning_effort sent with each message; '' leaves it to the model
  controller: null, // AbortController of the turn in flight; null when idle
  turn: null, // the turn in flight (its id comes with session_info); null when idle
  lastMessage: null, // what Retry sends again after a dropped connection
};

/* ---------- storage and small helpers ---------- */
function stored(name) {
  try { return localStorage.getItem(name); } catch { return null; } // storage may be disabled
}

function store(name, value) {
  try {
    if (value) localStorage.setItem(name, value); else localStorage.removeItem(name);
  } catch { /* private mode: keep it in memory only */ }
}

// The page lists the sessions this browser made (it remembers their ids), not every session the node
// keeps: without API keys, those are every visitor's.
function ownSessions() {
  try {
    const ids = JSON.parse(stored(STORE.sessions) || '[]');
    return Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : [];
  } catch { return []; }
}

function keepOwnSessions(ids) { store(STORE.sessions, ids.length ? JSON.stringify(ids) : null); }

function remember(id) {
  if (id) keepOwnSessions([id, ...ownSessions().filter((known) => known !== id)].slice(0, MAX_OWN_SESSIONS));
}

function setSession(id) {
  state.sessionId = id || null;
  remember(state.sessionId);
  store(STORE.session, state.sessionId);
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

const isStreaming = () => state.controller !== null;

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

const formatMs = (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

function formatUptime(seconds) {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return `${Math.floor(seconds)} s`;
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/* ---------- HTTP ---------- */
function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  if (state.apiKey) h.Authorization = `Bearer ${state.apiKey}`;
  return h;
}

// Turns the gateway's JSON error shape {"error":{"code","message"}} into an Error; tolerates other bodies.
async function errorFrom(response) {
  const body = await response.json().catch(() => null);
  const err = (body && body.error) || {};
  return Object.assign(new Error(err.message || `HTTP ${response.status}`), { status: response.status, code: err.code });
}

async function api(method, path, body) {
  const init = { method, headers: headers() };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await errorFrom(response);
  return response.json();
}

// A 401: say what is wrong and put the cursor in the key field.
function askForKey(err) {
  const text = state.apiKey ? 'The API key was refused: check it below.' : 'This gateway needs an API key: enter it below.';
  setStatus(`${text} (${err.message})`);
  ui.settings.open = true;
  ui.apiKey.setAttribute('aria-invalid', 'true');
  ui.apiKey.focus();
}

/* ---------- conversation ---------- */
// Only scrolls when the reader is already near the bottom, so reading history is not interrupted. On a
// laptop the conversation scrolls in its own box; on a phone the whole page scrolls.
function scrollToEnd(force) {
  const m = ui.messages;
  if (m.scrollHeight > m.clientHeight + 1) {
    if (force || m.scrollHeight - m.scrollTop - m.clientHeight < 80) m.scrollTop = m.scrollHeight;
    return;
  }
  const page = document.scrollingElement;
  if (force || page.scrollHeight - page.scrollTop - page.clientHeight < 160) page.scrollTop = page.scrollHeight;
}

const ROLE_LABELS = { user: 'You', assistant: 'Assistant', tool: 'Tool result' };

function appendMessage(role, text) {
  const li = make('li', `msg ${role}`);
  const content = make('div', 'content');
  if (role === 'assistant') renderMarkdown(content, text); else content.textContent = text;
  li.append(make('span', 'role', ROLE_LABELS[role]), content, make('p', 'meta'));
  ui.messages.append(li);
  scrollToEnd(true);
  return li;
}

function setMeta(li, text) { li.querySelector('.meta').textContent = text; }

function showErrorIn(li, text) {
  li.classList.add('error');
  li.querySelector('.meta').before(make('p', 'error-text', text));
}

// The reasoning of an answer, folded above it; made when the first piece arrives.
function reasoningText(li) {
  let block = li.querySelector('.reasoning');
  if (!block) {
    block = make('details', 'reasoning');
    block.append(make('summary', '', 'Reasoning'), make('div', 'reasoning-text'));
    li.querySelector('.content').before(block);
  }
  return block.querySelector('.reasoning-text');
}

// The tool calls of an answer ([{name, arguments}], arguments as the JSON text streamed so far), below its text.
function showToolCalls(li, calls) {
  let list = li.querySelector('.tool-calls');
  if (!list) {
    list = make('ol', 'tool-calls');
    list.setAttribute('aria-label', 'Tool calls');
    li.querySelector('.content').after(list);
  }
  list.replaceChildren(...calls.filter(Boolean).map((call) => {
    const item = make('li', 'tool-call');
    item.append(make('span', 'tool-label', 'Tool call'), make('code', 'tool-name', call.name || ''),
      make('pre', 'tool-args', call.arguments || ''));
    return item;
  }));
}

// A stored message's text: its content is a string, or parts (text and images) when it holds images.
function textOf(content) {
  if (!Array.isArray(content)) return content || '';
  return content.filter((part) => part && part.type === 'text').map((part) => part.text).join('');
}

function renderHistory(messages) {
  ui.messages.replaceChildren();
  for (const m of messages || []) {
    const role = ROLE_LABELS[m.role] ? m.role : 'assistant';
    const li = appendMessage(role, textOf(m.content));
    const images = Array.isArray(m.content) ? m.content.filter((part) => part && part.type === 'image_url').length : 0;
    if (images) li.querySelector('.content').after(make('p', 'attachments', `${images} image${images === 1 ? '' : 's'}`));
    if (Array.isArray(m.tool_calls) && m.tool_calls.length) {
      showToolCalls(li, m.tool_calls.map((call) => (call && call.function) || {}));
    }
    const time = formatTime(m.timestamp);
    if (m.interrupted) li.classList.add('interrupted');
    setMeta(li, m.interrupted ? `${time} · interrupted` : time);
  }
}

/* ---------- live figures ---------- */
function setStreamState(name, label) {
  ui.streamState.dataset.state = name;
  ui.streamState.textContent = label;
}

function showFigures(turn) {
  ui.figChunks.textContent = String(turn.chunks);
  ui.figTtft.textContent = turn.firstChunkAt === null ? '–' : formatMs(turn.firstChunkAt - turn.startedAt);
  ui.figDuration.textContent = turn.endedAt === null ? '…' : formatMs(turn.endedAt - turn.startedAt);
}

/* ---------- one chat turn ---------- */
function handleEvent(raw, turn) {
  let ev;
  try { ev = JSON.parse(raw.data); } catch { return; } // not ours; never break the stream for it
  switch (ev.type) {
    case 'session_info':
      turn.id = ev.turn_id;
      if (ev.session_id !== state.sessionId) setSession(ev.session_id);
      if (ev.created) refreshSessions();
      break;
    case 'status':
      setStatus(ev.message || 'Working…');
      refreshServer(); // the active stream count now includes this one
      break;
    case 'reasoning':
      if (!turn.reasoning) setStatus('Reasoning…');
      turn.reasoning += ev.text || '';
      turn.dirty = true;
      break;
    case 'tool_call':
      turn.tools[ev.index] = { name: ev.name, arguments: '' };
      setStatus(`Calling ${ev.name}…`);
      turn.dirty = true;
      break;
    case 'tool_call_delta':
      if (!turn.tools[ev.index]) turn.tools[ev.index] = { name: '', arguments: '' };
      turn.tools[ev.index].arguments += ev.arguments || '';
      turn.dirty = true;
      break;
    case 'chunk':
      if (ev.is_final) break;
      if (turn.firstChunkAt === null) {
        turn.firstChunkAt = performance.now();
        setStatus('Streaming…');
      }
      turn.chunks += 1;
      turn.text += ev.text || '';
      turn.dirty = true;
      break;
    case 'complete':
      turn.finished = true;
      turn.summary = `${ev.total_chunks} chunks · ${ev.provider}/${ev.model} · finish: ${ev.finish_reason || 'n/a'}`;
      break;
    case 'error':
      turn.finished = true;
      turn.error = `${ev.message || 'unknown error'}${ev.code ? ` (${ev.code})` : ''}`;
      break;
    default: // unknown event types are ignored, so newer servers stay compatible
  }
}

// Repaints the answer and the figures at most once per frame, however many events arrive in between
// (each repaint renders the whole answer's Markdown again).
function schedulePaint(turn) {
  if (!turn.frame) turn.frame = requestAnimationFrame(() => paint(turn));
}

function paint(turn) {
  cancelAnimationFrame(turn.frame);
  turn.frame = 0;
  if (turn.dirty) {
    if (turn.reasoning) reasoningText(turn.li).textContent = turn.reasoning;
    if (turn.tools.length) showToolCalls(turn.li, turn.tools);
    renderMarkdown(turn.li.querySelector('.content'), turn.text);
    turn.dirty = false;
    scrollToEnd(false);
  }
  showFigures(turn);
}

function startTurn(text) {
  appendMessage('user', text);
  const li = appendMessage('assistant', '');
  li.classList.add('streaming');
  setMeta(li, 'streaming…');
  state.controller = new AbortController();
  updateControls();
  setStreamState('streaming', 'Streaming');
  setStatus('Sending…');
  const turn = { li, text: '', reasoning: '', tools: [], chunks: 0, dirty: false, frame: 0, startedAt: performance.now(), firstChunkAt: null,
    endedAt: null, finished: false, summary: '', error: null, id: null };
  state.turn = turn;
  showFigures(turn);
  return turn;
}

async function streamTurn(text, turn) {
  const body = { message: text };
  if (state.sessionId) body.session_id = state.sessionId;
  if (state.model) body.model = state.model;
  if (state.reasoning) body.reasoning_effort = state.reasoning;
  const response = await fetch('/chat/stream', {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
    body: JSON.stringify(body),
    signal: state.controller.signal,
  });
  if (!response.ok) throw Object.assign(await errorFrom(response), { beforeStream: true, sentSession: body.session_id });
  await readEvents(response, (ev) => handleEvent(ev, turn), () => schedulePaint(turn));
  if (!turn.finished) throw new TypeError('the stream ended before the answer was complete');
}

// How a turn ended, shown in its bubble, the status line and the figures.
function finishTurn(turn, err) {
  turn.endedAt = performance.now();
  const { li } = turn;
  li.classList.remove('streaming');
  const ttft = turn.firstChunkAt === null ? 'n/a' : formatMs(turn.firstChunkAt - turn.startedAt);
  const timing = `first token ${ttft} · total ${formatMs(turn.endedAt - turn.startedAt)}`;
  if (!err && !turn.error) {
    setMeta(li, `${turn.summary} · ${timing}`);
    setStreamState('done', 'Done');
    setStatus('Done.');
  } else if (turn.error) {
    showErrorIn(li, `Error: ${turn.error}`);
    setMeta(li, `interrupted · ${timing}`);
    setStreamState('error', 'Error');
    setStatus(`Error: ${turn.error}`);
  } else if (err.name === 'AbortError') {
    li.classList.add('interrupted');
    setMeta(li, `stopped · ${timing}`);
    setStreamState('stopped', 'Stopped');
    setStatus('Stopped: the gateway cancelled the answer.');
  } else if (err.beforeStream) {
    failedBeforeStream(li, err);
  } else {
    li.classList.add('interrupted');
    setMeta(li, `interrupted · ${timing}`);
    setStreamState('lost', 'Connection lost');
    setStatus('Connection lost.');
    showRetry(`The connection to the gateway dropped${turn.chunks ? ' in the middle of the answer' : ''} (${err.message}). `
      + 'Check that the server is up, then retry.');
  }
  showFigures(turn);
}

function failedBeforeStream(li, err) {
  showErrorIn(li, `Error: ${err.message}`);
  setMeta(li, '');
  setStreamState('error', 'Error');
  if (err.status === 401) { askForKey(err); return; }
  setStatus(`Error: ${err.message}`);
  // The stored session is gone (e.g. the server restarted): forget it so the next message starts afresh.
  if (err.status === 404 && err.sentSession) setSession(null);
}

function showRetry(text) {
  ui.retryText.textContent = text || '';
  ui.retryBox.hidden = !text;
}

async function sendMessage(text) {
  if (isStreaming() || !text) return;
  state.lastMessage = text;
  showRetry(null);
  const turn = startTurn(text);
  let failure = null;
  try {
    await streamTurn(text, turn);
  } catch (err) {
    failure = err;
  }
  paint(turn);
  finishTurn(turn, failure);
  state.controller = null;
  state.turn = null;
  updateControls();
  refreshSessions();
  refreshServer();
}

/* ---------- sessions panel ---------- */
function markActiveSession() {
  ui.sessions.querySelectorAll('button[data-id]').forEach((b) => {
    if (b.dataset.id === state.sessionId) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  });
}

function sessionButton(s) {
  const b = make('button', 'session');
  b.type = 'button';
  b.dataset.id = s.session_id;
  b.title = `${s.session_id}\nmodel ${s.model}\ncreated ${new Date(s.created_at).toLocaleString()}`;
  const count = `${s.message_count} msg${s.message_count === 1 ? '' : 's'}`;
  b.append(make('code', 'sid', s.session_id.slice(0, 8)),
    make('span', 'session-info', `${count} · ${formatTime(s.updated_at)}`));
  b.addEventListener('click', () => switchSession(s.session_id));
  return b;
}

function renderSessions(list) {
  ui.sessions.replaceChildren(...list.map((s) => {
    const li = make('li', 'session-item');
    li.append(sessionButton(s));
    return li;
  }));
  markActiveSession();
  updateControls();
}

async function refreshSessions() {
  try {
    const own = ownSessions();
    const data = await api('GET', `/sessions?ids=${own.map(encodeURIComponent).join(',')}`);
    const sessions = data.sessions || [];
    // Deleted or expired ones are forgotten; the rest keep the order the server gives (latest first).
    keepOwnSessions(own.filter((id) => sessions.some((s) => s.session_id === id)));
    renderSessions(sessions);
  } catch (err) {
    if (err.status === 401) askForKey(err);
    // Other failures: the health line already reports outages.
  }
}

async function switchSession(id) {
  if (isStreaming()) return;
  try {
    const s = await api('GET', `/sessions/${encodeURIComponent(id)}`);
    setSession(s.session_id);
    renderHistory(s.messages);
    showRetry(null);
    setStatus(`Opened session ${s.session_id.slice(0, 8)} (${s.message_count} messages).`);
  } catch (err) {
    if (err.status === 401) { askForKey(err); return; }
    setStatus(`Could not open the session: ${err.message}`);
    if (err.status === 404) {
      if (id === state.sessionId) { setSession(null); renderHistory([]); }
      refreshSessions();
    }
  }
}

// Runs a session action, reports failures in the status line, and puts the cursor back in the message box.
async function sessionAction(label, fn) {
  try {
    await fn();
  } catch (err) {
    if (err.status === 401) { askForKey(err); return; }
    setStatus(`${label} failed: ${err.message}`);
  }
  await refreshSessions();
  ui.message.focus();
}

function newSession() {
  return sessionAction('New session', async () => {
    const s = await api('POST', '/sessions/new', state.model ? { model: state.model } : {});
    setSession(s.session_id);
    renderHistory([]);
    setStatus(`New session ${s.session_id.slice(0, 8)} (model ${s.model}).`);
  });
}

const sessionPath = () => `/sessions/${encodeURIComponent(state.sessionId)}`;

function clearSession() {
  return sessionAction('Clear', async () => {
    await api('POST', `${sessionPath()}/clear`);
    renderHistory([]);
    setStatus('Session cleared.');
  });
}

function deleteSession() {
  return sessionAction('Delete', async () => {
    await api('DELETE', sessionPath());
    setSession(null);
    renderHistory([]);
    setStatus('Session deleted. Your next message starts a new one.');
  });
}

/* ---------- settings: API key and model ---------- */
async function refreshModels() {
  try {
    const data = await api('GET', '/v1/models');
    ui.models.replaceChildren(...(data.data || []).map((m) => {
      const option = document.createElement('option');
      option.value = m.id;
      return option;
    }));
  } catch { /* the list is only a convenience */ }
}

async function saveSettings() {
  state.apiKey = ui.apiKey.value.trim();
  state.model = ui.model.value.trim();
  state.reasoning = ui.reasoning.value;
  store(STORE.key, state.apiKey);
  store(STORE.model, state.model);
  store(STORE.reasoning, state.reasoning);
  ui.apiKey.removeAttribute('aria-invalid');
  setStatus(`Settings saved${state.apiKey ? ' (API key stored in this browser)' : ''}.`);
  document.body.dataset.ready = 'false';
  await reloadAll();
  document.body.dataset.ready = 'true';
  // Accepted (no 401 on the way): fold the settings away to give the sessions their room back.
  if (ui.apiKey.getAttribute('aria-invalid') !== 'true') ui.settings.open = false;
}

/* ---------- server health and statistics ---------- */
async function refreshServer() {
  let line;
  try {
    const h = await api('GET', '/health');
    line = `Server ${h.status} · ${h.provider}/${h.model} · ${h.active_streams} active stream${h.active_streams === 1 ? '' : 's'}`
      + ` · up ${formatUptime(h.uptime_seconds)}`;
    ui.health.classList.toggle('down', h.status !== 'healthy');
  } catch {
    ui.health.textContent = 'Server unreachable';
    ui.health.classList.add('down');
    return;
  }
  try {
    const s = await api('GET', '/stats'); // needs the key when keys are on; health does not
    line += ` · ${s.total_requests} turns (${s.failed_requests} failed) · average ${formatMs(s.average_response_time * 1000)}`;
  } catch { /* health alone is still worth showing */ }
  ui.health.textContent = line;
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

// Stop asks the gateway to end the turn (a dropped connection alone would leave it a few seconds to
// resume), then drops the connection.
function stopTurn() {
  const turnId = state.turn && state.turn.id;
  if (turnId) api('DELETE', `/streams/${encodeURIComponent(turnId)}`).catch(() => {});
  if (state.controller) state.controller.abort();
  ui.message.focus();
}

ui.form.addEventListener('submit', (e) => { e.preventDefault(); submitFromBox(); });
ui.message.addEventListener('keydown', (e) => {
  // isComposing: the Enter that confirms an IME composition must not send.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submitFromBox(); }
  if (e.key === 'Escape' && isStreaming()) { e.preventDefault(); stopTurn(); }
});
ui.stop.addEventListener('click', stopTurn);
ui.retry.addEventListener('click', () => { if (state.lastMessage) sendMessage(state.lastMessage); ui.message.focus(); });
ui.newSession.addEventListener('click', newSession);
ui.clearSession.addEventListener('click', clearSession);
ui.deleteSession.addEventListener('click', deleteSession);
ui.settingsForm.addEventListener('submit', (e) => { e.preventDefault(); saveSettings(); });

// Restores the remembered session's history (dropping its id if the server no longer knows it), the
// session list, the model list and the server line.
async function reloadAll() {
  if (state.sessionId) await switchSession(state.sessionId);
  await Promise.all([refreshSessions(), refreshModels(), refreshServer()]);
}

async function init() {
  ui.apiKey.value = state.apiKey;
  ui.model.value = state.model;
  ui.reasoning.value = state.reasoning;
  state.reasoning = ui.reasoning.value; // a remembered value the list does not offer is not sent
  setSession(state.sessionId);
  if (!markdownReady) setStatus('Markdown libraries did not load: answers are shown as plain text.');
  await reloadAll();
  setInterval(refreshServer, HEALTH_INTERVAL_MS);
  document.body.dataset.ready = 'true'; // for tests and scripts: the first load is done
}

init();
