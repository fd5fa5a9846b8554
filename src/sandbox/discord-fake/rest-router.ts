/**
 * The REST side of the local Discord fake: `/api/v10/...` routes matched against the served route
 * templates, `Authorization: Bot <token>` (interaction and webhook routes go without, as on
 * Discord), rate-limit buckets and injected 429s, request-body validation from `route-specs.json`,
 * then the route's handler. Attachments are served under `/attachments/...`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordHttpError, errors, type ParsedBody, readBody, sendJson } from './http-io.ts';
import type { RateLimiter } from './rate-limits.ts';
import { SERVED_ROUTES, type ServedRoute } from './served-routes.ts';
import type { DiscordFakeState } from './state.ts';
import type { JsonObject } from './types.ts';
import { type BodyValidator, invalidFormBody } from './validation.ts';

/** What the fake's route handlers share. */
export type FakeContext = {
  state: DiscordFakeState;
  limiter: RateLimiter;
  validator: BodyValidator;
  botToken: string;
  /** `http://127.0.0.1:<port>` once listening. */
  baseUrl(): string;
  /** `ws://127.0.0.1:<port>/gateway` once listening. */
  gatewayUrl(): string;
  /** Sends a dispatch to the bot's gateway sessions (when their intents ask for it). */
  dispatch(event: string, data: JsonObject, intent?: number): void;
  /** Time the bot has for its initial interaction response. */
  interactionDeadlineMs: number;
  /** How long an interaction token accepts follow-ups and edits. */
  tokenLifetimeMs: number;
};

/** One request as a handler sees it. */
export type RouteRequest = {
  route: ServedRoute;
  params: Record<string, string>;
  query: URLSearchParams;
  body: ParsedBody;
  fake: FakeContext;
};

/** A handler's answer: status (200 unless told) and JSON body (none means 204). */
export type RouteResult = { status?: number; body?: unknown };

/** Handles one served route. */
export type RouteHandler = (request: RouteRequest) => RouteResult | Promise<RouteResult>;

/** A request the fake received, for tests and the workspace's log. */
export type LoggedRequest = { method: string; path: string; route: string | null; status: number; at: Date };

type CompiledRoute = { route: ServedRoute; method: string; pattern: RegExp; names: string[]; params: number };

function compile(route: ServedRoute): CompiledRoute {
  const [method = '', path = ''] = route.split(' ');
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, method, pattern: new RegExp(`^${source}$`), names, params: names.length };
}

// Fewer parameters first, so `/users/@me` wins over `/users/{user_id}`.
const COMPILED = SERVED_ROUTES.map(compile).sort((a, b) => a.params - b.params);

const NO_AUTH = /^\/(interactions|webhooks)\//;

/** The major parameter Discord's buckets are keyed by. */
function majorOf(params: Record<string, string>): string {
  if (params.webhook_id) return `${params.webhook_id}/${params.webhook_token ?? ''}`;
  return params.channel_id ?? params.guild_id ?? params.interaction_id ?? 'global';
}

/** Routes REST requests to handlers. */
export class RestRouter {
  readonly #handlers: Map<ServedRoute, RouteHandler>;
  readonly #fake: FakeContext;
  /** Every request, oldest first. */
  readonly log: LoggedRequest[] = [];

  constructor(fake: FakeContext, handlers: Array<Partial<Record<ServedRoute, RouteHandler>>>) {
    this.#fake = fake;
    this.#handlers = new Map();
    for (const group of handlers) {
      for (const [route, handler] of Object.entries(group) as Array<[ServedRoute, RouteHandler]>) {
        this.#handlers.set(route, handler);
      }
    }
    const missing = SERVED_ROUTES.filter((r) => !this.#handlers.has(r));
    if (missing.length > 0) throw new Error(`no handler for ${missing.join(', ')}`);
  }

  /** Answers one HTTP request; `false` when the path is not the fake's. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    if (url.pathname.startsWith('/attachments/')) {
      this.#attachment(url.pathname, res);
      return true;
    }
    const prefix = /^\/api\/v10(\/.*)$/.exec(url.pathname);
    if (!prefix?.[1]) return false;
    // discord.js encodes `@original` as `%40original`; match on decoded segments.
    const path = prefix[1]
      .split('/')
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      })
      .join('/');
    const method = (req.method ?? 'GET').toUpperCase();
    let route: ServedRoute | null = null;
    let headers: Record<string, string> = {};
    const answer = (status: number, body: unknown) => {
      this.log.push({ method, path, route, status, at: new Date() });
      sendJson(res, status, body, headers);
    };
    try {
      const samePath = COMPILED.filter((c) => c.pattern.test(path));
      const match = samePath.find((c) => c.method === method);
      if (!match) throw samePath.length > 0 ? errors.methodNotAllowed() : errors.notFound();
      route = match.route;
      const values = match.pattern.exec(path)?.slice(1) ?? [];
      const params: Record<string, string> = {};
      match.names.forEach((name, i) => {
        params[name] = values[i] ?? '';
      });
      if (!NO_AUTH.test(path) && req.headers.authorization !== `Bot ${this.#fake.botToken}`) {
        throw errors.unauthorized();
      }
      const verdict = this.#fake.limiter.check(match.route, majorOf(params));
      headers = verdict.headers;
      if (verdict.limited) {
        answer(429, verdict.limited);
        return true;
      }
      const body = await readBody(req);
      const found = this.#fake.validator.validateRoute(match.route, body.json);
      if (found.length > 0) throw new DiscordHttpError(400, invalidFormBody(found));
      const handler = this.#handlers.get(match.route);
      if (!handler) throw errors.notFound();
      const result = await handler({
        route: match.route,
        params,
        query: url.searchParams,
        body,
        fake: this.#fake,
      });
      answer(result.status ?? (result.body === undefined ? 204 : 200), result.body);
    } catch (error) {
      if (error instanceof DiscordHttpError) answer(error.status, error.body);
      else
        answer(500, { message: `500: ${error instanceof Error ? error.message : String(error)}`, code: 0 });
    }
    return true;
  }

  #attachment(pathname: string, res: ServerResponse): void {
    const [, , , id] = pathname.split('/');
    const attachment = id ? this.#fake.state.attachments.get(id) : undefined;
    if (!attachment) {
      sendJson(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }
    res.writeHead(200, {
      'content-type': attachment.contentType,
      'content-length': String(attachment.data.length),
      'content-disposition': `inline; filename="${encodeURIComponent(attachment.filename)}"`,
    });
    res.end(attachment.data);
  }
}
