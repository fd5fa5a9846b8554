/** Request parsing and Discord-shaped responses for the local Discord fake's REST server. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file part of a multipart request (`files[n]`). */
export type UploadedFile = {
  field: string;
  index: number;
  filename: string;
  contentType: string;
  data: Buffer;
};

/** A parsed request body: the JSON object (or `payload_json`) and any files. */
export type ParsedBody = { json: unknown; files: UploadedFile[]; multipart: boolean };

/** Discord's largest upload for a bot without boosts, plus room for the JSON part. */
const BODY_LIMIT = 26 * 1024 * 1024;

/** An error answered as Discord would: HTTP status and JSON body `{message, code, …}`. */
export class DiscordHttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: { message: string; code: number } & Record<string, unknown>) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

/** Common Discord errors by JSON code. */
export const errors = {
  unauthorized: () => new DiscordHttpError(401, { message: '401: Unauthorized', code: 0 }),
  notFound: () => new DiscordHttpError(404, { message: '404: Not Found', code: 0 }),
  methodNotAllowed: () => new DiscordHttpError(405, { message: '405: Method Not Allowed', code: 0 }),
  unknownChannel: () => new DiscordHttpError(404, { message: 'Unknown Channel', code: 10003 }),
  unknownGuild: () => new DiscordHttpError(404, { message: 'Unknown Guild', code: 10004 }),
  unknownMessage: () => new DiscordHttpError(404, { message: 'Unknown Message', code: 10008 }),
  unknownMember: () => new DiscordHttpError(404, { message: 'Unknown Member', code: 10007 }),
  unknownUser: () => new DiscordHttpError(404, { message: 'Unknown User', code: 10013 }),
  unknownWebhook: () => new DiscordHttpError(404, { message: 'Unknown Webhook', code: 10015 }),
  unknownApplication: () => new DiscordHttpError(404, { message: 'Unknown Application', code: 10002 }),
  unknownCommand: () => new DiscordHttpError(404, { message: 'Unknown application command', code: 10063 }),
  unknownInteraction: () => new DiscordHttpError(404, { message: 'Unknown interaction', code: 10062 }),
  alreadyAcknowledged: () =>
    new DiscordHttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 }),
  emptyMessage: () => new DiscordHttpError(400, { message: 'Cannot send an empty message', code: 50006 }),
  cannotDm: () => new DiscordHttpError(403, { message: 'Cannot send messages to this user', code: 50007 }),
  notAuthor: () =>
    new DiscordHttpError(403, { message: 'Cannot edit a message authored by another user', code: 50005 }),
  invalidRecipient: () => new DiscordHttpError(400, { message: 'Invalid Recipient(s)', code: 50033 }),
  invalidWebhookToken: () => new DiscordHttpError(401, { message: 'Invalid Webhook Token', code: 50027 }),
  badJson: () => new DiscordHttpError(400, { message: '400: Bad Request', code: 50109 }),
};

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > BODY_LIMIT) {
      throw new DiscordHttpError(413, { message: 'Request entity too large', code: 40005 });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw errors.badJson();
  }
}

/** Reads a JSON or multipart/form-data body (`payload_json` and `files[n]`). */
export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const raw = await readRaw(req);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // The platform's fetch Request parses multipart bodies, boundaries and all.
    const form = await new Request('http://fake.local/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    let json: unknown;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') json = parseJson(value);
        continue;
      }
      const match = /^files\[(\d+)\]$/.exec(field);
      files.push({
        field,
        index: match?.[1] === undefined ? files.length : Number(match[1]),
        filename: value.name || `file${files.length}`,
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { json: json ?? {}, files, multipart: true };
  }
  if (raw.length === 0) return { json: undefined, files: [], multipart: false };
  return { json: parseJson(raw.toString('utf8')), files: [], multipart: false };
}

/** Sends a JSON answer (or 204 when `body` is undefined). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status === 200 ? 204 : status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}
