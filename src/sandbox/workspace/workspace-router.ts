/**
 * The local workspace's page and its API: static files (`public/`) at `/`, and JSON plus one
 * Server-Sent-Events stream under `/workspace/api/`. Every action names the person it is done as;
 * the API answers loopback clients only, since it lets anyone act as anyone.
 */
import { fileURLToPath } from 'node:url';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { OptionKind } from '../../app/commands/command-spec.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../ports/store.ts';
import type { DiscordFake } from '../discord-fake/index.ts';
import { commandCatalog, commandGroups, suggestValues } from './command-catalog.ts';
import type { DeskUser, Directory } from './directory.ts';
import {
  discordCommand,
  discordComponent,
  discordDismiss,
  discordState,
  discordSubmit,
} from './discord-side.ts';
import { createEventStream } from './event-stream.ts';
import {
  type SlackSide,
  slackClick,
  slackClose,
  slackCommand,
  slackOpenHome,
  slackState,
  slackSubmit,
} from './slack-side.ts';
import { WorkspaceError } from './workspace-error.ts';

/** What the page works on. */
export type WorkspaceDeps = {
  store: Store;
  directory: Directory;
  slack: SlackSide;
  discord: DiscordFake;
  logger: Logger;
};

/** The handlers to mount at `/`, and how to end the live streams at shutdown. */
export type WorkspaceRouter = { handlers: RequestHandler[]; endStreams(): void };

/** The API's base path. */
export const WORKSPACE_API = '/workspace/api';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const OPTION_KINDS = [
  'text',
  'integer',
  'date',
  'datetime',
  'choice',
  'evaluation',
  'student',
  'project',
  'assessor',
];

const Person = z.object({ person: z.string().min(1) });
const CommandBody = Person.extend({ text: z.string().min(1).max(4000), channel: z.string().optional() });
const SlackClickBody = Person.extend({
  actionId: z.string().min(1),
  value: z.string().optional(),
  channel: z.string().optional(),
  ts: z.string().optional(),
  viewId: z.string().optional(),
});
const SlackValue = z.union([z.string(), z.array(z.string()), z.null()]);
const SlackSubmitBody = Person.extend({
  viewId: z.string().min(1),
  values: z.record(z.string(), SlackValue),
});
const SlackCloseBody = Person.extend({ viewId: z.string().min(1) });
const DiscordComponentBody = Person.extend({
  messageId: z.string().min(1),
  customId: z.string().min(1),
  values: z.array(z.string()).optional(),
});
const DiscordSubmitBody = Person.extend({
  values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()])),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new WorkspaceError(400, `Invalid request: ${result.error.issues[0]?.message ?? ''}`);
  return result.data;
}

/** Strips keys whose value is undefined (the fakes' option types are exact). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** Builds the page's routes over the running fakes. */
export function createWorkspaceRouter(deps: WorkspaceDeps): WorkspaceRouter {
  const { directory, discord, slack, store, logger } = deps;
  const groups = commandGroups();
  const stream = createEventStream(slack.workspace, discord);
  const api = express.Router();

  const personOf = (id: unknown): DeskUser => {
    const user = typeof id === 'string' ? directory.user(id) : undefined;
    if (user === undefined) throw new WorkspaceError(404, `No such person: ${String(id)}`);
    return user;
  };
  const route =
    (work: (req: Request) => unknown): RequestHandler =>
    async (req, res) => {
      try {
        res.set('cache-control', 'no-store').json(await work(req));
      } catch (error) {
        if (error instanceof WorkspaceError) {
          res.status(error.status).json({ error: error.message });
          return;
        }
        logger.error({ err: error, path: req.path }, 'workspace request failed');
        res.status(500).json({ error: error instanceof Error ? error.message : 'unexpected error' });
      }
    };

  api.use((req, res, next) => {
    if (LOOPBACK.has(req.socket.remoteAddress ?? '')) next();
    else res.status(403).json({ error: 'The local workspace answers this machine only.' });
  });
  api.use(express.json({ limit: '1mb' }));

  api.get(
    '/people',
    route(() => directory.users),
  );
  api.get(
    '/commands',
    route(() => commandCatalog()),
  );
  api.get(
    '/suggest',
    route(async (req) => {
      const kind = String(req.query.kind ?? '');
      if (!OPTION_KINDS.includes(kind)) throw new WorkspaceError(400, `Unknown option kind: ${kind}`);
      return suggestValues(store, personOf(req.query.person), kind as OptionKind, String(req.query.q ?? ''));
    }),
  );
  api.get('/events', (req, res) => stream.handle(req, res));

  api.get(
    '/slack/state',
    route((req) => slackState(slack, directory, personOf(req.query.person))),
  );
  api.post(
    '/slack/command',
    route((req) => {
      const body = parse(CommandBody, req.body);
      return slackCommand(
        slack,
        groups,
        personOf(body.person),
        defined({ text: body.text, channel: body.channel }),
      );
    }),
  );
  api.post(
    '/slack/click',
    route((req) => {
      const body = parse(SlackClickBody, req.body);
      const target =
        body.viewId !== undefined
          ? { viewId: body.viewId }
          : { channel: body.channel ?? '', ts: body.ts ?? '' };
      return slackClick(
        slack,
        personOf(body.person),
        defined({ target, actionId: body.actionId, value: body.value }),
      );
    }),
  );
  api.post(
    '/slack/submit',
    route((req) => {
      const body = parse(SlackSubmitBody, req.body);
      return slackSubmit(slack, personOf(body.person), { viewId: body.viewId, values: body.values });
    }),
  );
  api.post(
    '/slack/close',
    route((req) => {
      const body = parse(SlackCloseBody, req.body);
      return slackClose(slack, personOf(body.person), body.viewId);
    }),
  );
  api.post(
    '/slack/home',
    route((req) => slackOpenHome(slack, personOf(parse(Person, req.body).person))),
  );

  api.get(
    '/discord/state',
    route((req) => discordState(discord, directory, personOf(req.query.person))),
  );
  api.post(
    '/discord/command',
    route((req) => {
      const body = parse(CommandBody, req.body);
      return discordCommand(
        discord,
        directory,
        personOf(body.person),
        defined({ text: body.text, channel: body.channel }),
      );
    }),
  );
  api.post(
    '/discord/component',
    route((req) => {
      const body = parse(DiscordComponentBody, req.body);
      return discordComponent(
        discord,
        personOf(body.person),
        defined({ messageId: body.messageId, customId: body.customId, values: body.values }),
      );
    }),
  );
  api.post(
    '/discord/submit',
    route((req) => {
      const body = parse(DiscordSubmitBody, req.body);
      return discordSubmit(discord, personOf(body.person), body.values);
    }),
  );
  api.post(
    '/discord/dismiss',
    route((req) => discordDismiss(discord, personOf(parse(Person, req.body).person))),
  );
  api.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  const page = express.Router();
  page.use(WORKSPACE_API, api);
  page.use(
    express.static(PUBLIC_DIR, {
      index: 'index.html',
      setHeaders: (res: Response) => res.setHeader('cache-control', 'no-cache'),
    }),
  );
  return { handlers: [page], endStreams: () => stream.end() };
}
