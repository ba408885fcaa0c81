// Server-Sent Events read from a fetch() response (EventSource cannot POST or send an Authorization header).
// The parser follows the WHATWG rules: https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

// Feed it decoded text as it arrives; it calls onEvent({ id, data }) for every complete event.
export function createSseParser(onEvent) {
  let buffer = '';
  let data = [];
  let lastId = null;

  // An event whose data buffer is empty is not dispatched.
  function dispatch() {
    const payload = data.join('\n');
    data = [];
    if (payload !== '') onEvent({ id: lastId, data: payload });
  }

  function handleLine(line) {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return; // a comment, such as the ": ping" heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    // "event" and "retry" are not used by this API.
    return undefined;
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
      // At the end a held-back '\r' is a real line end; an unterminated event is discarded.
      if (buffer.endsWith('\r')) handleLine(buffer.slice(0, -1));
      buffer = '';
    },
  };
}

// Reads the whole body; onEvent per event, then onBatch once per network read (so a page can repaint
// once for several events that arrived together). Rejects when the connection breaks or is aborted.
export async function readEvents(response, onEvent, onBatch) {
  const parser = createSseParser(onEvent);
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.push(decoder.decode(value, { stream: true }));
    onBatch();
  }
  parser.push(decoder.decode()); // a trailing partial UTF-8 sequence
  parser.end();
  onBatch();
}
