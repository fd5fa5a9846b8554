/** A small fake Slack workspace for the fake's own tests, a WebClient pointed at it, and the official fixtures. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import {
  createSlackWorkspace,
  type SlackFakeServer,
  type SlackWorkspace,
  startSlackFake,
} from '../../src/sandbox/slack-fake/index.ts';

export const ASSESSOR = 'U0ASSESS1';
export const MENTOR = 'U0MENTOR1';
export const JURY = 'U0JURY001';
export const JURY_CHANNEL = 'C0JURY001';
export const COORDINATORS = 'C0COORD01';

/** A running fake with a clock the test can move forward. */
export type FakeWorld = {
  workspace: SlackWorkspace;
  fake: SlackFakeServer;
  web: WebClient;
  /** Moves the workspace clock forward (trigger expiry). */
  advance(ms: number): void;
};

/** A logger that drops everything: the tests provoke Slack errors on purpose. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

export async function startFakeWorld(): Promise<FakeWorld> {
  let offset = 0;
  const workspace = createSlackWorkspace({
    users: [
      { id: ASSESSOR, name: 'amelie', display: 'Amélie', locale: 'fr-FR' },
      { id: MENTOR, name: 'marc', realName: 'Marc Durand', locale: 'en-US', email: 'marc@school.example' },
      { id: JURY, name: 'jules' },
    ],
    channels: [
      { id: JURY_CHANNEL, name: 'jury', members: [JURY] },
      { id: COORDINATORS, name: 'coordinators' },
    ],
    team: { id: 'T0SCHOOL1', name: 'Online School' },
    botToken: 'xoxb-test-token',
    signingSecret: 'test-signing-secret',
    now: () => Date.now() + offset,
  });
  const fake = await startSlackFake({ workspace });
  const web = new WebClient(workspace.botToken, {
    slackApiUrl: fake.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: silentLogger,
  });
  return {
    workspace,
    fake,
    web,
    advance: (ms) => {
      offset += ms;
    },
  };
}

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

/** Whether the official fixtures are there (they live outside the repository). */
export const hasFixtures = existsSync(FIXTURES);

/** Reads one fixture file as text. */
export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/** Reads one JSON fixture as an object. */
export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

/** The Slack error code of a rejected WebClient call. */
export async function slackError(call: Promise<unknown>): Promise<{ error: string; messages: string[] }> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error?: string; response_metadata?: { messages?: string[] } } }).data;
    return { error: data?.error ?? String(error), messages: data?.response_metadata?.messages ?? [] };
  }
  throw new Error('expected the call to fail');
}
