/** Row mappings of the organisation's paths, projects and channels. */
import type { Selectable } from 'kysely';
import {
  CHANNEL_PURPOSES,
  type Channels,
  type Criterion,
  type LearningPath,
  type Project,
} from '../domain/model.ts';
import { canonicalJson, parseJson } from './codec.ts';
import type { ChannelsTable, PathsTable, ProjectsTable } from './database.ts';

/** A learning path as a row. */
export function pathToRow(path: LearningPath): Selectable<PathsTable> {
  return { id: path.id, name: path.name, projects: canonicalJson(path.projects), active: 1 };
}

/** A row as a learning path. */
export function rowToPath(row: Selectable<PathsTable>): LearningPath {
  return { id: row.id, name: row.name, projects: parseJson<string[]>(row.projects) };
}

/** A project as a row, its rubric as canonical JSON. */
export function projectToRow(project: Project): Selectable<ProjectsTable> {
  return {
    id: project.id,
    name: project.name,
    path: project.path,
    required_language: project.requiredLanguage ?? null,
    rubric: canonicalJson(project.rubric),
    active: 1,
  };
}

/** A row as a project. */
export function rowToProject(row: Selectable<ProjectsTable>): Project {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    ...(row.required_language === null ? {} : { requiredLanguage: row.required_language }),
    rubric: parseJson<Criterion[]>(row.rubric),
  };
}

/** The three channel rows an organisation's `channels` section becomes. */
export function channelsToRows(channels: Channels): Selectable<ChannelsTable>[] {
  return CHANNEL_PURPOSES.map((purpose) => ({
    purpose,
    slack_id: channels[purpose].slack ?? null,
    discord_id: channels[purpose].discord ?? null,
  }));
}

/** Channel rows as the organisation's `channels` section (empty refs when missing). */
export function rowsToChannels(rows: readonly Selectable<ChannelsTable>[]): Channels {
  const channels: Channels = { coordinators: {}, curriculum: {}, jury: {} };
  for (const row of rows) {
    channels[row.purpose] = {
      ...(row.slack_id === null ? {} : { slack: row.slack_id }),
      ...(row.discord_id === null ? {} : { discord: row.discord_id }),
    };
  }
  return channels;
}
