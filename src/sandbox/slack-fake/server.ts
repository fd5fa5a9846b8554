/**
 * The fake's HTTP server, on loopback only: the Web API at `/api/<method>`, upload URLs at `/upload/v1/…`,
 * file downloads at `/files/<id>/<name>`, and response URLs at `/hooks/commands/…` and `/hooks/actions/…`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readApiRequest } from './arguments.ts';
import { uploadedBytes } from './files.ts';
import type { SlackWorkspace } from './state.ts';
import { callResponseUrl, callWebApi, type JsonAnswer } from './web-api.ts';

/** The options of {@link startSlackFake}. */
export type SlackFakeServerOptions = {
  workspace: SlackWorkspace;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A loopback address; `127.0.0.1` when absent. */
  host?: string;
};

/** A listening fake. */
export type SlackFakeServer = {
  /** The base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** What to give Bolt's `clientOptions.slackApiUrl`: `<url>/api/`. */
  apiUrl: string;
  port: number;
  workspace: SlackWorkspace;
  close(): Promise<void>;
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_API_BODY = 5 * 1024 * 1024;
const MAX_UPLOAD_BODY = 100 * 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, result: JsonAnswer): void {
  const body = JSON.stringify(result.body);
  res.writeHead(result.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...result.headers,
  });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function route(ws: SlackWorkspace, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake.local');
  const method = req.method ?? 'GET';
  const apiMethod = /^\/api\/([A-Za-z.]+)$/.exec(url.pathname)?.[1];
  if (apiMethod !== undefined && (method === 'POST' || method === 'GET')) {
    const body = method === 'POST' ? (await readBody(req, MAX_API_BODY)).toString('utf8') : '';
    const request = readApiRequest(
      req.headers['content-type'],
      body,
      url.searchParams,
      req.headers.authorization,
    );
    if ('error' in request) {
      sendJson(res, { status: 200, headers: {}, body: request });
      return;
    }
    sendJson(res, callWebApi(ws, apiMethod, request));
    return;
  }
  const uploadKey = /^\/upload\/v1\/([0-9a-f]+)$/.exec(url.pathname)?.[1];
  if (uploadKey !== undefined && method === 'POST') {
    const bytes = await uploadedBytes(req.headers['content-type'], await readBody(req, MAX_UPLOAD_BODY));
    if (ws.files.receive(uploadKey, bytes)) sendText(res, 200, `OK - ${bytes.length}`);
    else sendText(res, 404, 'upload_url_not_found');
    return;
  }
  const fileId = /^\/files\/([A-Z0-9]+)\/[^/]+$/.exec(url.pathname)?.[1];
  if (fileId !== undefined && method === 'GET') {
    const file = ws.files.get(fileId);
    if (file?.bytes === undefined) {
      sendText(res, 404, 'file_not_found');
      return;
    }
    const disposition = url.searchParams.has('download') ? 'attachment' : 'inline';
    res.writeHead(200, {
      'content-type': file.mimetype,
      'content-length': file.bytes.length,
      'content-disposition': `${disposition}; filename="${encodeURIComponent(file.name)}"`,
    });
    res.end(file.bytes);
    return;
  }
  const hook = /^\/hooks\/((?:commands|actions)\/.+)$/.exec(url.pathname)?.[1];
  if (hook !== undefined && method === 'POST') {
    sendJson(res, callResponseUrl(ws, hook, (await readBody(req, MAX_API_BODY)).toString('utf8')));
    return;
  }
  sendText(res, 404, 'not_found');
}

/** Starts the fake on loopback; the workspace learns its base URL for upload and response URLs. */
export async function startSlackFake(options: SlackFakeServerOptions): Promise<SlackFakeServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the Slack fake listens on loopback only, not ${host}`);
  const ws = options.workspace;
  const server = createServer((req, res) => {
    route(ws, req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLarge) sendText(res, 413, 'request_too_large');
      else sendText(res, 500, `fatal_error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ws.baseUrl = url;
  return {
    url,
    apiUrl: `${url}/api/`,
    port,
    workspace: ws,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
