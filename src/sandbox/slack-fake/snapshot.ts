/** A plain-JSON picture of the whole workspace, for a page's first render or a test's failure message. */
import type { SlackWorkspace } from './state.ts';
import type {
  SlackFakeChannel,
  SlackFakeEphemeral,
  SlackFakeFile,
  SlackFakeMessage,
  SlackFakeUser,
  SlackFakeView,
} from './types.ts';

/** The workspace's state at one moment; files without their bytes. */
export type SlackWorkspaceSnapshot = {
  team: { id: string; name: string; domain: string };
  bot: { userId: string; botId: string; appId: string; name: string };
  users: SlackFakeUser[];
  channels: (SlackFakeChannel & { messages: SlackFakeMessage[] })[];
  ephemerals: SlackFakeEphemeral[];
  files: (Omit<SlackFakeFile, 'bytes'> & { size: number | undefined })[];
  modals: Record<string, SlackFakeView[]>;
  homes: Record<string, SlackFakeView>;
};

/** Copies the workspace's state into plain JSON-ready objects. */
export function snapshotSlackWorkspace(ws: SlackWorkspace): SlackWorkspaceSnapshot {
  return structuredClone({
    team: ws.team,
    bot: ws.bot,
    users: ws.users(),
    channels: ws.channels().map((channel) => ({ ...channel, messages: ws.messages(channel.id) })),
    ephemerals: ws.ephemerals(),
    files: ws.files.all().map(({ bytes, ...file }) => ({ ...file, size: bytes?.length })),
    modals: Object.fromEntries(ws.views.stacks()),
    homes: Object.fromEntries(ws.views.homes()),
  });
}
