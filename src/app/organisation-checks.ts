/**
 * Cross-reference checks of an organisation that already matches the schema: every id it refers to
 * exists and has the right role, and ids are unique where the product looks them up.
 */
import type { Organisation, Person, Platform } from '../domain/model.ts';
import { PLATFORMS } from '../domain/model.ts';

/** A path into the organisation file, as zod reports it: `['people', 3, 'certifications', 1]`. */
export type OrgPath = (string | number)[];

/** A problem found in the organisation, before it is located in the file. */
export type OrgIssue = {
  path: OrgPath;
  message: string;
  /** Another place the message refers to (the first definition of a duplicate id). */
  related?: OrgPath;
  /** Point at the mapping key rather than its value (unknown fields). */
  onKey?: boolean;
};

/** Ids the audit log uses for machine actors; a person with one of them would be ambiguous. */
const RESERVED_PERSON_IDS = new Set(['api', 'cli', 'system']);

/** Every cross-reference problem in `org`, in file order within each kind of check. */
export function checkOrganisationReferences(org: Organisation): OrgIssue[] {
  const issues: OrgIssue[] = [];

  const pathIds = uniqueIds(org.paths, ['paths'], 'path', issues);
  const projectIds = uniqueIds(org.projects, ['projects'], 'project', issues);
  uniqueIds(org.people, ['people'], 'person', issues);
  const studentIds = uniqueIds(org.students, ['students'], 'student', issues);
  const pathsById = firstById(org.paths);
  const projectsById = firstById(org.projects);
  const peopleById = firstById(org.people);

  org.paths.forEach((path, i) => {
    const seen = new Set<string>();
    path.projects.forEach((projectId, j) => {
      const at = ['paths', i, 'projects', j];
      const project = projectsById.get(projectId);
      if (seen.has(projectId)) {
        issues.push({ path: at, message: `project "${projectId}" is listed twice in this path; remove one` });
      } else if (!project) {
        issues.push({ path: at, message: unknownRef('project', projectId, projectIds) });
      } else if (project.path !== path.id) {
        issues.push({
          path: at,
          message: `project "${projectId}" belongs to path "${project.path}" (its "path" field); list it under that path or change its "path" to "${path.id}"`,
          related: ['projects', org.projects.indexOf(project), 'path'],
        });
      }
      seen.add(projectId);
    });
  });

  org.projects.forEach((project, i) => {
    const path = pathsById.get(project.path);
    if (!path) {
      issues.push({ path: ['projects', i, 'path'], message: unknownRef('path', project.path, pathIds) });
    } else if (!path.projects.includes(project.id)) {
      issues.push({
        path: ['projects', i, 'path'],
        message: `path "${path.id}" does not list project "${project.id}"; add it to that path's "projects" so that it counts towards the diploma`,
        related: ['paths', org.paths.indexOf(path), 'projects'],
      });
    }
    const criterionIds = new Map<string, number>();
    project.rubric.forEach((criterion, j) => {
      const first = criterionIds.get(criterion.id);
      if (first !== undefined) {
        issues.push({
          path: ['projects', i, 'rubric', j, 'id'],
          message: `criterion id "${criterion.id}" is used twice in this rubric; give each criterion its own id`,
          related: ['projects', i, 'rubric', first, 'id'],
        });
      } else criterionIds.set(criterion.id, j);
    });
  });

  const mentorIds = org.people.filter((p) => p.roles.includes('mentor')).map((p) => p.id);
  org.people.forEach((person, i) => {
    if (RESERVED_PERSON_IDS.has(person.id)) {
      issues.push({
        path: ['people', i, 'id'],
        message: `"${person.id}" is reserved for the audit log (api, cli, system); choose another id`,
      });
    }
    person.certifications.forEach((projectId, j) => {
      if (!projectsById.has(projectId)) {
        issues.push({
          path: ['people', i, 'certifications', j],
          message: unknownRef('project', projectId, projectIds),
        });
      }
    });
    person.conflicts.forEach((studentId, j) => {
      if (!studentIds.includes(studentId)) {
        issues.push({
          path: ['people', i, 'conflicts', j],
          message: unknownRef('student', studentId, studentIds),
        });
      }
    });
  });

  const studentIndexById = new Map<string, number>();
  org.students.forEach((student, i) => {
    if (!studentIndexById.has(student.id)) studentIndexById.set(student.id, i);
    if (!pathsById.has(student.path)) {
      issues.push({ path: ['students', i, 'path'], message: unknownRef('path', student.path, pathIds) });
    }
    const mentor = peopleById.get(student.mentor);
    if (!mentor) {
      issues.push({
        path: ['students', i, 'mentor'],
        message: unknownRef('mentor', student.mentor, mentorIds),
      });
    } else if (!mentor.roles.includes('mentor')) {
      issues.push({
        path: ['students', i, 'mentor'],
        message: `"${mentor.id}" does not have the mentor role (roles: ${mentor.roles.join(', ')}); add "mentor" to their roles or choose one of: ${listIds(mentorIds)}`,
        related: ['people', org.people.indexOf(mentor), 'roles'],
      });
    }
    // People and students share one namespace: recipients, audit subjects and lookups use bare ids.
    const person = peopleById.get(student.id);
    if (person) {
      issues.push({
        path: ['students', i, 'id'],
        message: `"${student.id}" is already a person's id; people and students share ids, so choose another one`,
        related: ['people', org.people.indexOf(person), 'id'],
      });
    }
  });

  issues.push(...platformClashes(org.people, org.students));
  return issues;
}

/** Items by id; with duplicates (already reported), the first one wins. */
function firstById<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return byId;
}

/** Records duplicates of `items[].id` as issues and returns the distinct ids, in file order. */
function uniqueIds(
  items: readonly { id: string }[],
  section: OrgPath,
  kind: string,
  issues: OrgIssue[],
): string[] {
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) {
      firstIndex.set(item.id, i);
      return;
    }
    issues.push({
      path: [...section, i, 'id'],
      message: `${kind} id "${item.id}" is used twice; ids must be unique, so rename one of them`,
      related: [...section, first, 'id'],
    });
  });
  return [...firstIndex.keys()];
}

/** A chat account belongs to one person or student, or the bot could not tell who is typing. */
function platformClashes(people: readonly Person[], students: Organisation['students']): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const owners = new Map<string, OrgPath>();
  const accounts: { path: OrgPath; platform: Platform; id: string | undefined }[] = [];
  people.forEach((p, i) => {
    for (const platform of PLATFORMS)
      accounts.push({ path: ['people', i], platform, id: p.platforms[platform] });
  });
  students.forEach((s, i) => {
    for (const platform of PLATFORMS)
      accounts.push({ path: ['students', i], platform, id: s.platforms[platform] });
  });
  for (const { path, platform, id } of accounts) {
    if (id === undefined) continue;
    const key = `${platform}\u0000${id}`;
    const owner = owners.get(key);
    if (owner) {
      issues.push({
        path: [...path, 'platforms', platform],
        message: `${platform} account "${id}" already belongs to ${ownerLabel(owner)}; one account can only be one person or student`,
        related: [...owner, 'platforms', platform],
      });
    } else owners.set(key, path);
  }
  return issues;
}

function ownerLabel(path: OrgPath): string {
  return `${String(path[0])}[${String(path[1])}]`;
}

function unknownRef(kind: string, id: string, known: readonly string[]): string {
  const guess = closest(id, known);
  const hint = guess ? `did you mean "${guess}"? ` : '';
  return `unknown ${kind} "${id}"; ${hint}known ${kind}s: ${listIds(known)}`;
}

function listIds(ids: readonly string[]): string {
  if (ids.length === 0) return '(none)';
  const shown = ids.slice(0, 12).join(', ');
  return ids.length > 12 ? `${shown}, … (${ids.length} in all)` : shown;
}

/** The candidate nearest to `word` by edit distance, when it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  // Short ids tolerate one typo, longer ones up to three.
  let bestDistance = (word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
