/**
 * A local Discord for the workspace and the end-to-end tests: the REST API (`<url>/api/v10/...`)
 * and the gateway (`<url>/gateway`) on loopback, which the real discord.js client connects to
 * unchanged with `rest: { api: fake.apiUrl }`. The fake acts as Discord towards the bot (slash
 * commands, autocomplete, buttons, modal submits) and records everything the bot does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway, type GatewayStats } from './gateway.ts';
import { InteractionDriver, type InteractionInput, type InteractionOutcome } from './interactions.ts';
import {
  type BucketConfig,
  RateLimiter,
  type RateLimitHandle,
  type RateLimitOptions,
  type RateLimitRule,
} from './rate-limits.ts';
import { coreRoutes } from './rest-core-routes.ts';
import { interactionRoutes } from './rest-interaction-routes.ts';
import { messageRoutes } from './rest-message-routes.ts';
import { type FakeContext, type LoggedRequest, RestRouter } from './rest-router.ts';
import { loadRouteSpecs } from './spec-schema.ts';
import { DiscordFakeState } from './state.ts';
import type { FakeGuildInput, FakeUserInput, InteractionRecord } from './types.ts';
import { BodyValidator } from './validation.ts';

export type { ModalValues, OptionValue } from './interaction-data.ts';
export type { InteractionInput, InteractionOutcome } from './interactions.ts';
export { InteractionTimeoutError } from './interactions.ts';
export type { BucketConfig, RateLimitRule } from './rate-limits.ts';
export { DiscordFakeState } from './state.ts';
export type * from './types.ts';

/** How to start the fake. */
export type DiscordFakeOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  /** A loopback address only: `127.0.0.1` (default), `::1` or `localhost`. */
  host?: string;
  /** The token the bot logs in with (`Authorization: Bot <token>`, IDENTIFY). */
  botToken: string;
  applicationId: string;
  /** The bot user; its id defaults to the application id. */
  bot?: { id?: string; username?: string };
  guild: FakeGuildInput;
  users: FakeUserInput[];
  /** HELLO's `heartbeat_interval` (Discord sends about 41 s). */
  heartbeatIntervalMs?: number;
  /** Time the bot has for its initial response (3 s on Discord). */
  interactionDeadlineMs?: number;
  /** How long follow-ups and edits work on an interaction token (15 min on Discord). */
  tokenLifetimeMs?: number;
  rateLimits?: RateLimitOptions;
  /** Privileged intents the app was granted (bit mask). */
  privilegedIntents?: number;
};

/** A running fake. */
export type DiscordFake = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Give this to discord.js as `rest.api` (`<url>/api`; it appends `/v10`). */
  apiUrl: string;
  /** `ws://127.0.0.1:<port>/gateway`, also announced by `GET /gateway/bot`. */
  gatewayUrl: string;
  state: DiscordFakeState;
  gateway: FakeGateway;
  gatewayStats: GatewayStats;
  /** Every REST request, oldest first. */
  requests: LoggedRequest[];
  /** Every 429 answered, oldest first. */
  rateLimited: RateLimiter['log'];
  /** Sends an interaction as a user; resolves with the bot's first response (rejects after the deadline). */
  interact(userId: string, input: InteractionInput): Promise<InteractionOutcome>;
  /** Sends an interaction without waiting for the answer. */
  sendInteraction(userId: string, input: InteractionInput): InteractionRecord;
  /** Answers matching requests with 429s; see {@link RateLimitRule}. */
  rateLimit(rule: RateLimitRule): RateLimitHandle;
  /** Sets the bucket (`limit` per `windowMs`) of one route, e.g. `POST /channels/:id/messages`, or `*`. */
  setBucket(route: string, config: BucketConfig): void;
  /** Resolves once the bot's gateway session is ready. */
  waitForBot(): Promise<void>;
  close(): Promise<void>;
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts the fake on loopback. */
export async function startDiscordFake(options: DiscordFakeOptions): Promise<DiscordFake> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the Discord fake listens on loopback only, not ${host}`);
  const state = new DiscordFakeState({
    applicationId: options.applicationId,
    bot: { id: options.bot?.id ?? options.applicationId, username: options.bot?.username ?? 'Assessor Desk' },
    guild: options.guild,
    users: options.users,
  });
  let base = '';
  const gatewayUrl = () => `${base.replace(/^http/, 'ws')}/gateway`;
  const gateway = new FakeGateway(state, options.botToken, gatewayUrl, {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    privilegedIntents: options.privilegedIntents ?? 0,
  });
  const limiter = new RateLimiter(options.rateLimits);
  const deadline = options.interactionDeadlineMs ?? 3000;
  const fake: FakeContext = {
    state,
    limiter,
    validator: new BodyValidator(loadRouteSpecs()),
    botToken: options.botToken,
    baseUrl: () => base,
    gatewayUrl,
    dispatch: (event, data, intent) => gateway.dispatch(event, data, intent),
    interactionDeadlineMs: deadline,
    tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
  };
  const router = new RestRouter(fake, [coreRoutes, messageRoutes, interactionRoutes]);
  const driver = new InteractionDriver(
    state,
    (event, data) => {
      // Discord would show "This interaction failed" at once when the app has no gateway session.
      if (!gateway.hasSession) throw new Error('no bot is connected to the Discord fake');
      gateway.dispatch(event, data);
    },
    deadline,
  );

  const server = createServer((req, res) => {
    router
      .handle(req, res)
      .then((handled) => {
        if (!handled) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: '404: Not Found', code: 0 }));
        }
      })
      .catch(() => res.destroy());
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://fake.local').pathname === '/gateway')
      gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = `http://${hostPart}:${address.port}`;

  return {
    url: base,
    apiUrl: `${base}/api`,
    gatewayUrl: gatewayUrl(),
    state,
    gateway,
    gatewayStats: gateway.stats,
    requests: router.log,
    rateLimited: limiter.log,
    interact: (userId, input) => driver.interact(userId, input),
    sendInteraction: (userId, input) => driver.send(userId, input),
    rateLimit: (rule) => limiter.addRule(rule),
    setBucket: (route, config) => limiter.setBucket(route, config),
    waitForBot: () => gateway.waitForBot(),
    close: async () => {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
