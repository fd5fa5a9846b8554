/**
 * The local workspace across restarts: its conversations are read from the state file at start and
 * put back into the fakes (for the people and channels still in the organisation), then saved
 * again shortly after each change and on close. Messages the database remembers sending (an offer
 * DM to update once answered) keep their channel and id, so updates still find them.
 */
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { DiscordFake } from './discord-fake/index.ts';
import {
  type DiscordFakeIds,
  restoreDiscordState,
  SavedDiscord,
  saveDiscordState,
} from './discord-fake/saved-state.ts';
import { snowflake } from './discord-fake/snowflake.ts';
import { restoreSlackWorkspace, SavedSlack, saveSlackWorkspace } from './slack-fake/saved-state.ts';
import type { SlackWorkspace } from './slack-fake/state.ts';
import {
  byteBudget,
  parseSection,
  type RestoreOutcome,
  readStateFile,
  StateFileWriter,
  setAside,
} from './state-file.ts';

/** How many reasons for dropping saved records one log line lists. */
const LOGGED_REASONS = 20;

/** The saving of a running local workspace. */
export type LocalStateSaver = {
  /** Stops following changes and writes the state one last time. */
  close(): Promise<void>;
};

/** The saved local workspace, read at start. */
export type LocalState = {
  /** The state file; null when nothing is saved. */
  path: string | null;
  /** The Discord ids of the earlier run, or new ones when there is none to reuse. */
  discordIds: DiscordFakeIds;
  /** Puts the saved conversations back into the running fakes, then saves their changes. */
  attach(slack: SlackWorkspace, discord: DiscordFake): LocalStateSaver;
};

function freshDiscordIds(): DiscordFakeIds {
  return { guildId: snowflake(), applicationId: snowflake(), generalChannelId: snowflake() };
}

/** A workspace that keeps nothing between runs (an in-memory database): fresh ids, nothing saved. */
function unsavedLocalState(): LocalState {
  return {
    path: null,
    discordIds: freshDiscordIds(),
    attach: () => ({ close: async () => {} }),
  };
}

/**
 * Reads the state file at `path`; a missing or unreadable one (or part of one) means starting
 * empty. Without a path nothing is read or saved.
 */
export async function openLocalState(path: string | null, logger: Logger): Promise<LocalState> {
  if (path === null) return unsavedLocalState();
  const file = await readStateFile(path);
  const problems: string[] = file.kind === 'unreadable' ? [file.reason] : [];
  const sections = file.kind === 'read' ? file.sections : {};
  const section = <T extends z.ZodType>(name: string, schema: T, raw: unknown): z.output<T> | null => {
    if (file.kind !== 'read') return null;
    const parsed = parseSection(schema, raw);
    if ('data' in parsed) return parsed.data;
    problems.push(`${name} section: ${parsed.reason}`);
    return null;
  };
  const slackSaved = section('Slack', SavedSlack, sections.slack);
  const discordSaved = section('Discord', SavedDiscord, sections.discord);
  if (file.kind === 'missing')
    logger.info({ file: path }, 'no saved local workspace: its conversations start empty');
  if (problems.length > 0) {
    // The next save replaces the file: keep a copy of what could not be read.
    const copy = await setAside(path);
    logger.warn(
      { file: path, problems, copy },
      'the saved local workspace could not be read in full: what could not be read starts empty',
    );
  }
  const discordIds: DiscordFakeIds =
    discordSaved === null
      ? freshDiscordIds()
      : {
          guildId: discordSaved.guildId,
          applicationId: discordSaved.applicationId,
          generalChannelId: discordSaved.generalChannelId,
        };
  return {
    path,
    discordIds,
    attach(slack, discord) {
      const outcomes: Record<string, RestoreOutcome> = {};
      const restore = (platform: string, run: () => RestoreOutcome) => {
        try {
          outcomes[platform] = run();
        } catch (error) {
          // A file that parsed but does not fit today's fakes must not stop the start either.
          logger.warn(
            { err: error, file: path, platform },
            'the saved local workspace could not be restored',
          );
        }
      };
      if (slackSaved !== null) restore('slack', () => restoreSlackWorkspace(slack, slackSaved));
      if (discordSaved !== null)
        restore('discord', () => restoreDiscordState(discord.state, discordSaved, discord.url));
      logOutcomes(logger, path, outcomes);
      const writer = new StateFileWriter({
        path,
        logger,
        sections: () => ({
          slack: saveSlackWorkspace(slack, byteBudget()),
          discord: saveDiscordState(discord.state, discordIds, byteBudget()),
        }),
      });
      const changed = () => writer.changed();
      const stops = [
        slack.on('message', changed),
        slack.on('ephemeral', changed),
        slack.on('home', changed),
        slack.on('file', changed),
        slack.on('channel', changed),
        discord.state.onChange(changed),
      ];
      return {
        async close() {
          for (const stop of stops) stop();
          await writer.close();
        },
      };
    },
  };
}

function logOutcomes(logger: Logger, path: string, outcomes: Record<string, RestoreOutcome>): void {
  const entries = Object.entries(outcomes);
  if (entries.length === 0) return;
  logger.info(
    { file: path, ...Object.fromEntries(entries.map(([platform, o]) => [platform, o.restored])) },
    'local workspace: the conversations of the previous run are back',
  );
  const dropped = entries.flatMap(([, o]) => o.dropped);
  if (dropped.length === 0) return;
  logger.warn(
    {
      file: path,
      dropped: dropped.slice(0, LOGGED_REASONS),
      ...(dropped.length > LOGGED_REASONS ? { more: dropped.length - LOGGED_REASONS } : {}),
    },
    'part of the saved local workspace no longer matches the organisation (people or channels left it): dropped',
  );
}
