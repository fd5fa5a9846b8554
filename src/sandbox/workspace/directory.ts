/**
 * Who is in the local workspace: the organisation's people and students that have a Slack or a
 * Discord account, and the channels the product posts to, read once from the database at start.
 */
import type { ChannelPurpose, Locale, Role } from '../../domain/model.ts';
import type { Store } from '../../ports/store.ts';

/** A role of the product, or `student` for a student with a platform account. */
export type DeskRole = Role | 'student';

/** One person of the demo organisation as the page offers them. */
export type DeskUser = {
  id: string;
  name: string;
  roles: DeskRole[];
  locale: Locale;
  /** Slack user id, when the person is on Slack. */
  slack: string | undefined;
  /** Discord user id, when the person is on Discord. */
  discord: string | undefined;
};

/** Where slash commands can be typed in the Discord server, besides the product's channels. */
export type ChannelKey = ChannelPurpose | 'general';

/** A channel of the workspace with the roles that can read it (everyone for `general`). */
export type DeskChannel = {
  key: ChannelKey;
  name: string;
  slack: string | undefined;
  discord: string | undefined;
  /** Null: everyone. */
  roles: readonly Role[] | null;
};

/** Everyone and every channel of the workspace. */
export type Directory = {
  users: DeskUser[];
  channels: DeskChannel[];
  /** The person behind an id of the organisation file. */
  user(id: string): DeskUser | undefined;
};

// Who reads which channel in a school: the team it is for, the coordinators and the admins.
const READERS: Record<ChannelPurpose, readonly Role[]> = {
  coordinators: ['coordinator', 'admin'],
  curriculum: ['curriculum', 'coordinator', 'admin'],
  jury: ['jury', 'coordinator', 'admin'],
};

/** Whether a person reads a channel. */
export function canRead(user: DeskUser, channel: DeskChannel): boolean {
  return channel.roles === null || user.roles.some((role) => channel.roles?.includes(role as Role));
}

/** Reads the people, students and channels from the database; `generalDiscordId` names the server's #general. */
export async function loadDirectory(store: Store, generalDiscordId: string): Promise<Directory> {
  const people = await store.people.listPeople();
  const students = await store.people.listStudents();
  const users: DeskUser[] = [
    ...people.map((p) => ({
      id: p.id,
      name: p.name,
      roles: [...p.roles] as DeskRole[],
      locale: p.locale,
      slack: p.platforms.slack,
      discord: p.platforms.discord,
    })),
    ...students.map((s) => ({
      id: s.id,
      name: s.name,
      roles: ['student'] as DeskRole[],
      locale: s.locale,
      slack: s.platforms.slack,
      discord: s.platforms.discord,
    })),
  ].filter((u) => u.slack !== undefined || u.discord !== undefined);
  const refs = await store.org.getChannels();
  const channels: DeskChannel[] = [
    { key: 'general', name: 'general', slack: undefined, discord: generalDiscordId, roles: null },
    ...(Object.keys(READERS) as ChannelPurpose[]).map((purpose) => ({
      key: purpose,
      name: purpose,
      slack: refs[purpose].slack,
      discord: refs[purpose].discord,
      roles: READERS[purpose],
    })),
  ];
  const byId = new Map(users.map((u) => [u.id, u]));
  return { users, channels, user: (id) => byId.get(id) };
}
