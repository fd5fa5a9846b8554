/**
 * A small Discord REST API behind undici's `MockAgent`: DM channels, channel messages (JSON or
 * multipart with files), edits and interaction callbacks, answering with Discord's status codes
 * and error bodies (10003, 10008, 10062, 50007) and, on demand, a 429 with its headers and body.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAgent } from 'undici';

/** Where the official Discord examples live, next to the repository. */
export const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures');

/** An official fixture's JSON, or null when the fixtures are not there. */
export function fixture(name: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The headers of a fixture's raw HTTP response (`< Name: value` lines). */
export function fixtureHeaders(name: string): Record<string, string> {
  try {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    const headers: Record<string, string> = {};
    for (const match of text.matchAll(/^< ([A-Za-z-]+): (.*)$/gm)) {
      if (match[1] && match[2] !== undefined) headers[match[1]] = match[2].trim();
    }
    return headers;
  } catch {
    return {};
  }
}

export type StoredMessage = {
  id: string;
  channel: string;
  body: Record<string, unknown>;
  edits: Record<string, unknown>[];
  files: { name: string; size: number }[];
};

type Response = { statusCode: number; data: string; responseOptions: { headers: Record<string, string> } };

const JSON_HEADERS = { 'content-type': 'application/json' };

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Response {
  return {
    statusCode,
    data: statusCode === 204 ? '' : JSON.stringify(body),
    responseOptions: { headers: statusCode === 204 ? headers : { ...JSON_HEADERS, ...headers } },
  };
}

export class DiscordRestMock {
  readonly agent = new MockAgent();
  readonly origin = 'http://discord.test';
  /** The value for `DISCORD_API_URL` / `REST({ api })`. */
  readonly api = `${this.origin}/api`;
  readonly channels = new Set<string>();
  readonly unreachableUsers = new Set<string>();
  readonly messages: StoredMessage[] = [];
  readonly callbacks: { interaction: string; body: Record<string, unknown> }[] = [];
  /** Edits of `@original` and follow-ups sent on interaction tokens, oldest first. */
  readonly webhooks: {
    method: string;
    token: string;
    message: string | null;
    body: Record<string, unknown>;
  }[] = [];
  readonly requests: { method: string; path: string }[] = [];
  /** The next request that posts a message is answered with this 429 instead. */
  rateLimitNext: { body: Record<string, unknown>; headers: Record<string, string> } | null = null;
  /** The next request of any kind is answered with this status and body instead. */
  failNext: { status: number; body: Record<string, unknown> } | null = null;
  private readonly dms = new Map<string, string>();
  private readonly usedInteractions = new Set<string>();
  private nextId = 1000;

  constructor(channels: string[] = []) {
    for (const channel of channels) this.channels.add(channel);
    this.agent.disableNetConnect();
    this.agent
      .get(this.origin)
      .intercept({ path: (path: string) => path.startsWith('/api/v10/'), method: () => true })
      .reply((options) => this.handle(options.method, options.path, options.body))
      .persist();
  }

  /** The DM channel id of a user (after a DM was sent). */
  dmChannelOf(userId: string): string | undefined {
    return this.dms.get(userId);
  }

  /** Messages posted in a channel (a DM channel included). */
  messagesIn(channel: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  private id(): string {
    this.nextId += 1;
    return String(this.nextId);
  }

  private readBody(body: unknown): { json: Record<string, unknown>; files: StoredMessage['files'] } {
    if (typeof body === 'string') return { json: JSON.parse(body) as Record<string, unknown>, files: [] };
    if (body instanceof FormData) {
      const files: StoredMessage['files'] = [];
      let payload: Record<string, unknown> = {};
      for (const [key, value] of body.entries()) {
        if (key === 'payload_json' && typeof value === 'string')
          payload = JSON.parse(value) as Record<string, unknown>;
        else if (typeof value !== 'string') files.push({ name: value.name, size: value.size });
      }
      return { json: payload, files };
    }
    return { json: {}, files: [] };
  }

  // MockAgent wants the reply at once: no awaiting in here.
  private handle(method: string, path: string, rawBody: unknown): Response {
    this.requests.push({ method, path });
    if (this.failNext) {
      const { status, body } = this.failNext;
      this.failNext = null;
      return json(status, body);
    }
    const route = path.replace(/^\/api\/v10/, '').split('?')[0] ?? '';
    const { json: body, files } = this.readBody(rawBody);
    if (method === 'POST' && route === '/users/@me/channels') {
      const user = String(body.recipient_id);
      const channel = this.dms.get(user) ?? `dm-${user}`;
      this.dms.set(user, channel);
      return json(200, { id: channel, type: 1, recipients: [{ id: user }] });
    }
    const interaction = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(route);
    if (method === 'POST' && interaction?.[1]) {
      if (this.usedInteractions.has(interaction[1]))
        return json(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      this.usedInteractions.add(interaction[1]);
      this.callbacks.push({ interaction: interaction[1], body });
      return json(204, null);
    }
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(route);
    if (webhook?.[2]) {
      const message = webhook[3] === undefined ? null : decodeURIComponent(webhook[3]);
      this.webhooks.push({ method, token: webhook[2], message, body });
      if (method === 'DELETE') return json(204, null);
      return json(
        200,
        this.messageJson(message === null || message === '@original' ? this.id() : message, body),
      );
    }
    const messages = /^\/channels\/([^/]+)\/messages(?:\/([^/]+))?$/.exec(route);
    if (!messages?.[1]) return json(404, { message: '404: Not Found', code: 0 });
    const channel = messages[1];
    const isDm = [...this.dms.values()].includes(channel);
    if (!isDm && !this.channels.has(channel)) return json(404, { message: 'Unknown Channel', code: 10003 });
    if (method === 'PATCH' && messages[2]) {
      const found = this.messages.find((m) => m.channel === channel && m.id === messages[2]);
      if (!found) return json(404, { message: 'Unknown Message', code: 10008 });
      found.edits.push(body);
      return json(200, { id: found.id, channel_id: channel, ...body });
    }
    if (method !== 'POST' || messages[2]) return json(405, { message: '405: Method Not Allowed', code: 0 });
    if (this.rateLimitNext) {
      const { body: limited, headers } = this.rateLimitNext;
      this.rateLimitNext = null;
      return json(429, limited, headers);
    }
    const user = [...this.dms.entries()].find(([, c]) => c === channel)?.[0];
    if (user && this.unreachableUsers.has(user)) {
      return json(
        403,
        fixture('discord-error-50007.RECONSTRUCTED.json') ?? {
          message: 'Cannot send messages to this user',
          code: 50007,
        },
      );
    }
    const stored: StoredMessage = { id: this.id(), channel, body, edits: [], files };
    this.messages.push(stored);
    return json(200, { id: stored.id, channel_id: channel, ...body });
  }

  /** A message object as Discord returns it, enough for discord.js to build a `Message`. */
  private messageJson(id: string, body: Record<string, unknown>): Record<string, unknown> {
    return {
      id,
      type: 0,
      channel_id: '345626669114982999',
      author: {
        id: '290926444748734465',
        username: 'Assessor Desk',
        discriminator: '0',
        avatar: null,
        bot: true,
      },
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 64,
      ...body,
    };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
