/** HTTP helpers for the API tests: requests with a bearer token, error bodies, a log capture. */
import { type Agent, get as httpGet } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.ts';

export const TOKEN = 'test-api-token-0123456789';

export type Reply = { status: number; headers: Headers; body: unknown };
export type ErrorBody = {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
};

/** Sends a request; `token: null` sends no Authorization header, `raw` sends a body as is. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('application/json') ?? false;
  return { status: res.status, headers: res.headers, body: isJson ? JSON.parse(text) : text };
}

/** A GET through a given agent, to control which keep-alive socket carries it. */
export function get(port: number, path: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

export function errorOf(reply: Reply): ErrorBody['error'] {
  return (reply.body as ErrorBody).error;
}

/** A logger writing into an array, to check what reaches the logs. */
export function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger('debug', stream), lines };
}
