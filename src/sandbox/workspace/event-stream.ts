/**
 * Live updates for the page: one Server-Sent-Events stream that says what changed in either fake
 * (a message, a reply, a modal, a Home tab, a file), so the page fetches the pane again.
 */
import type { Request, Response } from 'express';
import type { DiscordFake, FakeChange } from '../discord-fake/index.ts';
import type { SlackWorkspace } from '../slack-fake/index.ts';

/** One change, as sent in the stream's `change` events. */
export type WorkspaceChange = {
  platform: 'slack' | 'discord';
  kind: string;
  /** The conversation it happened in, when it is about one. */
  channel?: string;
  /** The platform user it concerns only (an ephemeral reply, a modal, a Home tab). */
  user?: string;
};

/** Keeps proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

function discordChange(change: FakeChange): WorkspaceChange | null {
  switch (change.kind) {
    case 'message-created':
    case 'message-updated':
    case 'message-deleted': {
      const { message } = change;
      return {
        platform: 'discord',
        kind: change.kind,
        channel: message.channelId,
        ...(message.visibleTo === null ? {} : { user: message.visibleTo }),
      };
    }
    case 'channel-created':
      return { platform: 'discord', kind: change.kind, channel: change.channel.id };
    case 'modal-opened':
    case 'modal-closed':
      return { platform: 'discord', kind: change.kind, user: change.modal.userId };
    default:
      // Interactions and command registrations change nothing the page shows.
      return null;
  }
}

/** Follows both fakes; `handle` serves one stream, `end` closes every open stream. */
export function createEventStream(slack: SlackWorkspace, discord: DiscordFake) {
  const open = new Set<Response>();
  const listeners = new Set<(change: WorkspaceChange) => void>();
  const broadcast = (change: WorkspaceChange) => {
    for (const listener of listeners) listener(change);
  };
  slack.on('message', ({ kind, message }) =>
    broadcast({ platform: 'slack', kind: `message-${kind}`, channel: message.channel }),
  );
  slack.on('ephemeral', ({ kind, message }) =>
    broadcast({ platform: 'slack', kind: `ephemeral-${kind}`, channel: message.channel, user: message.user }),
  );
  slack.on('view', ({ kind, view }) =>
    broadcast({ platform: 'slack', kind: `view-${kind}`, user: view.userId }),
  );
  slack.on('home', ({ view }) => broadcast({ platform: 'slack', kind: 'home', user: view.userId }));
  slack.on('channel', ({ channel }) =>
    broadcast({ platform: 'slack', kind: 'channel', channel: channel.id }),
  );
  discord.state.onChange((change) => {
    const mapped = discordChange(change);
    if (mapped !== null) broadcast(mapped);
  });

  return {
    handle(_req: Request, res: Response): void {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 1000\n\n');
      const send = (change: WorkspaceChange) =>
        res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      listeners.add(send);
      open.add(res);
      res.on('close', () => {
        clearInterval(heartbeat);
        listeners.delete(send);
        open.delete(res);
      });
    },
    end(): void {
      for (const res of open) res.end();
      open.clear();
      listeners.clear();
    },
  };
}
