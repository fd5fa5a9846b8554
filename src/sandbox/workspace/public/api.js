/** The workspace API (`/workspace/api/…`): JSON in, JSON out; a refusal carries `{ error }`. */

const BASE = '/workspace/api';

async function read(response) {
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.error ?? `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

/** GETs `path` with query parameters. */
export async function get(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined));
  return read(await fetch(`${BASE}${path}?${query}`, { headers: { accept: 'application/json' } }));
}

/** POSTs a JSON body to `path`. */
export async function post(path, body) {
  return read(
    await fetch(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** Follows the live changes; `onChange` receives each `{ platform, kind, channel?, user? }`. */
export function follow(onChange, onState) {
  const source = new EventSource(`${BASE}/events`);
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('error', () =>
    onState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'),
  );
  source.addEventListener('change', (event) => onChange(JSON.parse(event.data)));
  return source;
}
