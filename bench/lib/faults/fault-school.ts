/**
 * The generated organisations of the fault cases: one path (`web`) of numbered projects, numbered
 * assessors certified on all of them, numbered mentors and students. Each case says what differs
 * (sizes, rubric, who is on which platform, locales) through the per-person callbacks.
 */
import { Organisation } from '../../../src/domain/model.ts';

type Fields = Record<string, unknown>;

/** The shape of a fault case's school; the callbacks get a 0-based index. */
export type SchoolShape = {
  name: string;
  /** Project ids are `proj-1`…; a list of ids instead names them. */
  projects: number | readonly string[];
  /** Every project's rubric. */
  rubric: readonly { id: string; title: string; competency?: string }[];
  /** How a project is named (default `Project <n>`). */
  projectName?: (i: number) => string;
  assessors: number;
  /** Capacity of every assessor (default 100: every request finds someone). */
  capacity?: number;
  assessor?: (i: number) => Fields;
  mentors: number;
  mentor?: (i: number) => Fields;
  students: number;
  /** The 0-based index of student `i`'s mentor (default `i % mentors`). */
  mentorOf?: (i: number) => number;
  student?: (i: number) => Fields;
  /** People beyond assessors and mentors (a coordinator). */
  others?: readonly Fields[];
  /** The organisation's channels, when the case posts to them. */
  channels?: Fields;
};

/** Builds and validates the organisation. */
export function faultSchool(shape: SchoolShape): Organisation {
  const ids =
    typeof shape.projects === 'number'
      ? Array.from({ length: shape.projects }, (_, i) => `proj-${i + 1}`)
      : [...shape.projects];
  const projects = ids.map((id, i) => ({
    id,
    name: shape.projectName?.(i) ?? `Project ${i + 1}`,
    path: 'web',
    rubric: shape.rubric.map((c) => ({ ...c })),
  }));
  return Organisation.parse({
    organisation: { name: shape.name, defaultLocale: 'en', timezone: 'Europe/Paris' },
    paths: [{ id: 'web', name: 'Web developer', projects: ids }],
    projects,
    people: [
      ...Array.from({ length: shape.assessors }, (_, i) => ({
        id: `as-${i + 1}`,
        name: `Assessor ${i + 1}`,
        roles: ['assessor'],
        certifications: ids,
        capacity: shape.capacity ?? 100,
        ...shape.assessor?.(i),
      })),
      ...Array.from({ length: shape.mentors }, (_, i) => ({
        id: `mentor-${i + 1}`,
        name: `Mentor ${i + 1}`,
        roles: ['mentor'],
        ...shape.mentor?.(i),
      })),
      ...(shape.others ?? []),
    ],
    students: Array.from({ length: shape.students }, (_, i) => ({
      id: `stu-${i + 1}`,
      name: `Student ${i + 1}`,
      path: 'web',
      mentor: `mentor-${(shape.mentorOf?.(i) ?? i % shape.mentors) + 1}`,
      ...shape.student?.(i),
    })),
    ...(shape.channels ? { channels: shape.channels } : {}),
  });
}
