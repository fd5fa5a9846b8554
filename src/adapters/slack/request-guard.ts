/**
 * In front of Bolt's receiver on `POST /slack/events` (DESIGN §8): a request whose signature
 * headers are missing or malformed, whose timestamp is more than 300 s away (Bolt checks only the
 * past), or whose signature does not verify gets 401; a signed body that is not a payload the app
 * handles (bad JSON in `payload=`, an unknown type, callback or action) gets 400. Neither reaches
 * a listener. The raw body is handed on as `rawBody`, which Bolt verifies and parses again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';

/** Slack's window for a request's timestamp, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

const FORM = 'application/x-www-form-urlencoded';

/** What the app listens to; anything else is refused before Bolt would wait 3 s for an ack. */
export type SlackRoutes = {
  commands: readonly string[];
  actions: readonly string[];
  /** Callback ids of the modals whose submissions the app handles. */
  views: readonly string[];
  /** Callback ids of the modals whose close the app hears (`notify_on_close`). */
  closedViews: readonly string[];
  events: readonly string[];
};

/** The signing secret, the routes the app serves, and limits. */
export type RequestGuardOptions = {
  signingSecret: string;
  routes: SlackRoutes;
  /** Largest body read, in bytes. */
  bodyLimit?: number;
  /** Seconds since the epoch (tests move it). */
  now?: () => number;
};

const Id = z.string().min(1).max(255);
const User = z.object({ id: Id });

const BlockActions = z.object({
  type: z.literal('block_actions'),
  user: User,
  actions: z.array(z.object({ action_id: Id, action_ts: z.string().optional() })).min(1),
});
const ViewPayload = z.object({
  type: z.enum(['view_submission', 'view_closed']),
  user: User,
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string().optional(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ type: z.string() }))) }),
  }),
});
const Interactive = z.discriminatedUnion('type', [BlockActions, ViewPayload]);

const EventCallback = z.object({
  type: z.literal('event_callback'),
  event_id: Id,
  event: z.object({ type: Id }),
});
const UrlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string() });
const JsonBody = z.discriminatedUnion('type', [EventCallback, UrlVerification]);

const SlashCommand = z.object({
  command: Id,
  user_id: Id,
  text: z.string(),
  trigger_id: z.string(),
  response_url: z.string(),
});

/**
 * Bolt decides what a payload is from its keys before its type (`event`, `command`, `name`, then
 * `actions`): a payload carrying one of them would reach no listener and wait 3 s unanswered.
 */
const DISPATCH_KEYS = ['event', 'command', 'name'];

type Verdict = { ok: true } | { ok: false; status: 400 | 401 | 413; reason: string };

const refuse = (status: 400 | 401 | 413, reason: string): Verdict => ({ ok: false, status, reason });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether a verified body is a payload the app handles. */
export function classifyBody(contentType: string, body: string, routes: SlackRoutes): Verdict {
  if (contentType === FORM) {
    const form = new URLSearchParams(body);
    const payload = form.get('payload');
    if (payload !== null) {
      const raw = parseJson(payload);
      const parsed = Interactive.safeParse(raw);
      if (!parsed.success) return refuse(400, 'malformed interactive payload');
      const data = parsed.data;
      const misleading = data.type === 'block_actions' ? DISPATCH_KEYS : [...DISPATCH_KEYS, 'actions'];
      if (misleading.some((key) => Object.hasOwn(raw as object, key))) {
        return refuse(400, `${data.type} with keys Bolt would dispatch elsewhere`);
      }
      if (data.type === 'block_actions') {
        const unknown = data.actions.find((a) => !routes.actions.includes(a.action_id));
        return unknown ? refuse(400, `unknown action ${unknown.action_id}`) : { ok: true };
      }
      const callbacks = data.type === 'view_submission' ? routes.views : routes.closedViews;
      return callbacks.includes(data.view.callback_id)
        ? { ok: true }
        : refuse(400, `unknown ${data.type} ${data.view.callback_id}`);
    }
    if (form.has('ssl_check')) return { ok: true };
    if (form.has('event')) return refuse(400, 'slash command with an event field');
    const command = SlashCommand.safeParse(Object.fromEntries(form));
    if (!command.success) return refuse(400, 'malformed slash command');
    return routes.commands.includes(command.data.command)
      ? { ok: true }
      : refuse(400, `unknown command ${command.data.command}`);
  }
  if (contentType === 'application/json') {
    const parsed = JsonBody.safeParse(parseJson(body));
    if (!parsed.success) return refuse(400, 'malformed event');
    if (parsed.data.type === 'url_verification') return { ok: true };
    return routes.events.includes(parsed.data.event.type)
      ? { ok: true }
      : refuse(400, `unknown event ${parsed.data.event.type}`);
  }
  return refuse(400, `unsupported content type ${contentType || '(none)'}`);
}

const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/** Slack's v0 signature: HMAC-SHA256 of `v0:timestamp:body`, compared in constant time. */
export function signatureMatches(
  secret: string,
  timestamp: string,
  body: Buffer,
  signature: string,
): boolean {
  if (!SIGNATURE.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(signature.slice(3), 'hex'));
}

/** Reads the body up to `limit` bytes; null when it is larger. */
async function readBody(req: Request, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Checks the headers, the signature and the payload; see the module comment. */
export function slackRequestGuard(options: RequestGuardOptions): RequestHandler {
  const limit = options.bodyLimit ?? 4 * 1024 * 1024;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return async (req, res, next) => {
    if (req.method !== 'POST') {
      next();
      return;
    }
    const timestamp = req.get('x-slack-request-timestamp') ?? '';
    const signature = req.get('x-slack-signature') ?? '';
    const sent = Number(timestamp);
    if (!/^\d{1,12}$/.test(timestamp) || !signature) {
      res.status(401).end();
      return;
    }
    if (Math.abs(now() - sent) > SIGNATURE_WINDOW_SECONDS) {
      res.status(401).end();
      return;
    }
    let raw: Buffer | null;
    try {
      raw = await readBody(req, limit);
    } catch {
      res.status(400).end();
      return;
    }
    if (raw === null) {
      res.status(413).end();
      return;
    }
    if (!signatureMatches(options.signingSecret, timestamp, raw, signature)) {
      res.status(401).end();
      return;
    }
    const body = raw.toString('utf8');
    // Bolt compares the media type exactly; a `; charset=…` suffix would make it parse a form as JSON.
    const contentType = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const verdict = classifyBody(contentType, body, options.routes);
    if (!verdict.ok) {
      res.status(verdict.status).end();
      return;
    }
    req.headers['content-type'] = contentType;
    Object.assign(req, { rawBody: raw });
    next();
  };
}
