/**
 * The generated assignment case of the benchmark: 40 projects on 5 paths (4 of them held in French),
 * 2,000 assessors (certified on 8 projects each, in a rotation that gives every project the same
 * 400 candidates; some also mentors, some away today, some with conflicts, a third speaking French),
 * 25,000 students, past (assessor, student) pairs and the requests. Deterministic for a seed.
 */
import type { AssessorLoad, BatchRequest, PastPair } from '../../src/domain/assignment.ts';
import type { Person, Project, Student } from '../../src/domain/model.ts';
import { type Random, seededRandom } from './random.ts';

/** The instant of the decisions (a Wednesday): absences are compared with its date. */
export const NOW = new Date('2025-03-05T10:00:00.000Z');

/** Projects of the case, on 5 paths of 8. */
export const PROJECTS = 40;
/** Assessors of the case. */
export const ASSESSORS = 2_000;
/** Students of the case. */
export const STUDENTS = 25_000;
/** Projects each assessor is certified on: every project ends with 2,000 × 8 / 40 = 400 candidates. */
const CERTIFICATIONS = 8;

/** Everything `assignBatch` takes. */
export type AssignmentCase = {
  projects: Project[];
  assessors: Person[];
  students: Student[];
  requests: BatchRequest[];
  loads: Map<string, AssessorLoad>;
  pastPairs: PastPair[];
};

/**
 * How the case varies: `equalCapacities` gives everyone the same weekly capacity (100, above what
 * the batch can give anyone) and no prior load, so the ideal maximum load is the mean; otherwise
 * capacities run from 30 to 100 and assessors start with some open, recent and weekly load.
 */
export type CaseOptions = { requests: number; equalCapacities: boolean; seed?: number };

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function generateProjects(): Project[] {
  return Array.from({ length: PROJECTS }, (_, i) => ({
    id: `proj-${pad(i + 1, 2)}`,
    name: `Project ${i + 1}`,
    path: `path-${Math.floor(i / 8) + 1}`,
    ...(i % 10 === 4 ? { requiredLanguage: 'fr' } : {}),
    rubric: [1, 2, 3, 4].map((c) => ({ id: `c${c}`, title: `Criterion ${c}` })),
  }));
}

function absencesOf(random: Random): Person['absences'] {
  // 5 % away today; 10 % away some other week (which must not exclude them).
  if (random.chance(0.05)) return [{ from: '2025-03-03', to: '2025-03-09' }];
  if (random.chance(0.1 / 0.95)) return [{ from: '2025-04-07', to: '2025-04-13' }];
  return [];
}

function generateAssessors(random: Random, projects: readonly Project[], equal: boolean): Person[] {
  return Array.from({ length: ASSESSORS }, (_, i): Person => {
    const languages = ['en'];
    if (random.chance(0.35)) languages.push('fr');
    if (random.chance(0.1)) languages.push('es');
    const certifications: string[] = [];
    for (let k = 0; k < CERTIFICATIONS; k++) {
      const project = projects[(i + k * 7) % PROJECTS];
      if (project) certifications.push(project.id);
    }
    const conflicts = Array.from(
      { length: random.int(0, 3) },
      () => `stu-${pad(random.int(1, STUDENTS), 5)}`,
    );
    return {
      id: `as-${pad(i + 1, 4)}`,
      name: `Assessor ${i + 1}`,
      roles: i % 7 === 0 ? ['assessor', 'mentor'] : ['assessor'],
      locale: 'en',
      languages,
      platforms: {},
      certifications,
      capacity: equal ? 100 : random.int(30, 100),
      absences: absencesOf(random),
      conflicts,
    };
  });
}

function generateStudents(random: Random, mentors: readonly string[]): Student[] {
  return Array.from({ length: STUDENTS }, (_, i): Student => {
    const draw = random.next();
    const language = draw < 0.08 ? 'fr' : draw < 0.1 ? 'es' : undefined;
    return {
      id: `stu-${pad(i + 1, 5)}`,
      name: `Student ${i + 1}`,
      path: `path-${random.int(1, 5)}`,
      mentor: random.pick(mentors),
      locale: 'en',
      ...(language ? { language } : {}),
      platforms: {},
    };
  });
}

/** Generates the case; the same options give the same case. */
export function generateCase(options: CaseOptions): AssignmentCase {
  const random = seededRandom(options.seed ?? 7);
  const projects = generateProjects();
  const assessors = generateAssessors(random, projects, options.equalCapacities);
  // Mentors: the assessors who also mentor, and 50 mentors who do not assess.
  const mentors = [
    ...assessors.filter((p) => p.roles.includes('mentor')).map((p) => p.id),
    ...Array.from({ length: 50 }, (_, i) => `mentor-${i + 1}`),
  ];
  const students = generateStudents(random, mentors);
  const loads = new Map<string, AssessorLoad>();
  if (!options.equalCapacities) {
    for (const a of assessors) {
      loads.set(a.id, { open: random.int(0, 3), recent: random.int(0, 10), week: random.int(0, 3) });
    }
  }
  const pastPairs: PastPair[] = Array.from({ length: 20_000 }, () => ({
    assessor: random.pick(assessors).id,
    student: random.pick(students).id,
  }));
  const requests: BatchRequest[] = Array.from({ length: options.requests }, (_, k): BatchRequest => {
    const student = random.pick(students);
    const project = random.pick(projects);
    const request: BatchRequest = { evaluation: `E-${100_001 + k}`, student, project, attempt: 1 };
    // 3 % were declined by one or two assessors before.
    if (random.chance(0.03)) {
      const declined = new Set([random.pick(assessors).id, random.pick(assessors).id]);
      return { ...request, attempt: 2, declined };
    }
    return request;
  });
  return { projects, assessors, students, requests, loads, pastPairs };
}
