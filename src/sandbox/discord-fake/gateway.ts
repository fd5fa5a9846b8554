/**
 * The gateway of the local Discord fake (API v10, JSON encoding), as discord.js's @discordjs/ws
 * expects it: HELLO, IDENTIFY checked against the bot token and intents, READY then GUILD_CREATE,
 * heartbeats and their ACKs, RESUME with replay of missed dispatches (or INVALID_SESSION), and
 * RECONNECT, INVALID_SESSION and close codes on demand.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { deflateSync } from 'node:zlib';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { guildCreateJson, userJson } from './serialize.ts';
import type { DiscordFakeState } from './state.ts';
import type { JsonObject } from './types.ts';

/** Intents Discord only grants to apps that enabled them: members, presences, message content. */
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
/** How many dispatches a session keeps for RESUME. */
const REPLAY_BUFFER = 1000;

/** Gateway close codes the fake uses. */
export const GatewayClose = {
  unknownOpcode: 4001,
  decodeError: 4002,
  notAuthenticated: 4003,
  authenticationFailed: 4004,
  alreadyAuthenticated: 4005,
  invalidShard: 4010,
  invalidApiVersion: 4012,
  invalidIntents: 4013,
  disallowedIntents: 4014,
} as const;

/** Options of the gateway. */
export type GatewayOptions = {
  heartbeatIntervalMs: number;
  /** Privileged intents the app may ask for (others close with 4014). */
  privilegedIntents: number;
};

/** Counters for tests and the workspace. */
export type GatewayStats = {
  connections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
  heartbeatAcks: number;
  /** Close codes of connections, as the client or the fake closed them. */
  closeCodes: number[];
};

type Session = {
  id: string;
  seq: number;
  intents: number;
  compress: boolean;
  buffer: Array<{ s: number; payload: JsonObject }>;
  socket: WebSocket | null;
  valid: boolean;
};

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fake's gateway: one WebSocket server sharing the HTTP server through upgrades. */
export class FakeGateway {
  readonly stats: GatewayStats = {
    connections: 0,
    identifies: 0,
    resumes: 0,
    heartbeats: 0,
    heartbeatAcks: 0,
    closeCodes: [],
  };
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #state: DiscordFakeState;
  readonly #botToken: string;
  readonly #url: () => string;
  readonly #options: GatewayOptions;
  readonly #readyWaiters: Array<() => void> = [];

  constructor(state: DiscordFakeState, botToken: string, url: () => string, options: GatewayOptions) {
    this.#state = state;
    this.#botToken = botToken;
    this.#url = url;
    this.#options = options;
    this.#wss.on('connection', (socket, req) => this.#connected(socket, req));
  }

  /** Takes over an HTTP upgrade request for the gateway path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req));
  }

  /** True when a bot session is identified and connected. */
  get connected(): boolean {
    return [...this.#sessions.values()].some((s) => s.valid && s.socket !== null);
  }

  /** True when a bot session can receive dispatches (connected, or away but resumable). */
  get hasSession(): boolean {
    return [...this.#sessions.values()].some((s) => s.valid);
  }

  /** Resolves once a bot session is connected and READY was sent. */
  waitForBot(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  /** Sends a dispatch to every valid session whose intents include `intent` (buffered while away). */
  dispatch(event: string, data: JsonObject, intent?: number): void {
    for (const session of this.#sessions.values()) {
      if (!session.valid) continue;
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      this.#dispatchTo(session, event, data);
    }
  }

  /** Asks connected clients to reconnect and resume (op 7). */
  reconnect(): void {
    for (const s of this.#live()) this.#send(s.socket, { op: 7, d: null }, false);
  }

  /** Invalidates the sessions (op 9); with `resumable` false, clients must identify anew. */
  invalidateSessions(resumable = false): void {
    for (const s of this.#sessions.values()) {
      if (!resumable) s.valid = false;
      if (s.socket) this.#send(s.socket, { op: 9, d: resumable }, false);
    }
  }

  /** Closes every connection with `code` (e.g. 4000 to make clients resume). */
  closeConnections(code = 4000, reason = 'closed by the fake'): void {
    for (const s of this.#sessions.values()) s.socket?.close(code, reason);
  }

  /** Asks connected clients for an immediate heartbeat (op 1). */
  requestHeartbeat(): void {
    for (const s of this.#live()) this.#send(s.socket, { op: 1, d: s.seq }, false);
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #live(): Array<Session & { socket: WebSocket }> {
    return [...this.#sessions.values()].filter(
      (s): s is Session & { socket: WebSocket } => s.socket !== null,
    );
  }

  #connected(socket: WebSocket, req: IncomingMessage): void {
    this.stats.connections += 1;
    const query = new URL(req.url ?? '/', 'ws://fake.local').searchParams;
    if ((query.get('v') ?? '10') !== '10') {
      socket.close(GatewayClose.invalidApiVersion, 'Invalid API version');
      return;
    }
    if ((query.get('encoding') ?? 'json') !== 'json') {
      socket.close(GatewayClose.decodeError, 'Only the JSON encoding is supported');
      return;
    }
    let session: Session | null = null;
    socket.on('close', (code) => {
      this.stats.closeCodes.push(code);
      if (session && session.socket === socket) {
        session.socket = null;
        // Discord ends a session closed with 1000 or 1001; other codes leave it resumable.
        if (code === 1000 || code === 1001) session.valid = false;
      }
    });
    socket.on('message', (raw) => {
      const payload = this.#parse(raw);
      if (!payload) {
        socket.close(GatewayClose.decodeError, 'Decode error');
        return;
      }
      session = this.#receive(socket, session, payload);
    });
    this.#send(socket, { op: 10, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } }, false);
  }

  #parse(raw: RawData): JsonObject | null {
    try {
      const value: unknown = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw));
      return isRecord(value) && typeof value.op === 'number' ? value : null;
    } catch {
      return null;
    }
  }

  /** Handles one client payload; returns the connection's session. */
  #receive(socket: WebSocket, session: Session | null, payload: JsonObject): Session | null {
    const d = isRecord(payload.d) ? payload.d : {};
    switch (payload.op) {
      case 1:
        this.stats.heartbeats += 1;
        this.#send(socket, { op: 11 }, false);
        this.stats.heartbeatAcks += 1;
        return session;
      case 2:
        if (session) socket.close(GatewayClose.alreadyAuthenticated, 'Already authenticated');
        return session ?? this.#identify(socket, d);
      case 6:
        if (session) socket.close(GatewayClose.alreadyAuthenticated, 'Already authenticated');
        return session ?? this.#resume(socket, d);
      case 3:
      case 4:
      case 8:
      case 31:
        if (!session) socket.close(GatewayClose.notAuthenticated, 'Not authenticated');
        return session;
      default:
        socket.close(GatewayClose.unknownOpcode, 'Unknown opcode');
        return session;
    }
  }

  #identify(socket: WebSocket, d: JsonObject): Session | null {
    if (d.token !== this.#botToken) {
      socket.close(GatewayClose.authenticationFailed, 'Authentication failed');
      return null;
    }
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) {
      socket.close(GatewayClose.invalidIntents, 'Invalid intent(s)');
      return null;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.#options.privilegedIntents) !== 0) {
      socket.close(GatewayClose.disallowedIntents, 'Disallowed intent(s)');
      return null;
    }
    const shard = Array.isArray(d.shard) ? d.shard : [0, 1];
    if (shard[0] !== 0 || shard[1] !== 1) {
      socket.close(GatewayClose.invalidShard, 'Invalid shard');
      return null;
    }
    this.stats.identifies += 1;
    // One shard: a new identify replaces any earlier session.
    for (const old of this.#sessions.values()) old.valid = false;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      intents,
      compress: d.compress === true,
      buffer: [],
      socket,
      valid: true,
    };
    this.#sessions.set(session.id, session);
    const state = this.#state;
    this.#dispatchTo(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...userJson(state.bot), verified: true, mfa_enabled: false, email: null },
      guilds: [{ id: state.guild.id, unavailable: true }],
      presences: [],
      private_channels: [],
      relationships: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.#url(),
      shard: [0, 1],
      application: { id: state.applicationId, flags: 0 },
      geo_ordered_rtc_regions: [],
      _trace: ['["assessor-desk-discord-fake",{"micros":0}]'],
    });
    this.#dispatchTo(session, 'GUILD_CREATE', guildCreateJson(state));
    for (const wake of this.#readyWaiters.splice(0)) wake();
    return session;
  }

  #resume(socket: WebSocket, d: JsonObject): Session | null {
    const session = typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : -1;
    if (!session?.valid || d.token !== this.#botToken || seq > session.seq) {
      this.#send(socket, { op: 9, d: false }, false);
      return null;
    }
    this.stats.resumes += 1;
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    for (const entry of session.buffer)
      if (entry.s > seq) this.#send(socket, entry.payload, session.compress);
    this.#dispatchTo(session, 'RESUMED', {});
    for (const wake of this.#readyWaiters.splice(0)) wake();
    return session;
  }

  #dispatchTo(session: Session, event: string, data: JsonObject): void {
    session.seq += 1;
    const payload = { op: 0, d: data, s: session.seq, t: event };
    session.buffer.push({ s: session.seq, payload });
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    if (session.socket) this.#send(session.socket, payload, session.compress);
  }

  #send(socket: WebSocket, payload: JsonObject, compress: boolean): void {
    if (socket.readyState !== socket.OPEN) return;
    const text = JSON.stringify(payload);
    // With `compress: true` in IDENTIFY, dispatches travel as zlib-deflated binary frames.
    if (compress && payload.op === 0) socket.send(deflateSync(text));
    else socket.send(text);
  }
}
