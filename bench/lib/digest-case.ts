/**
 * The generated case of the digest benchmark: an organisation of 12 projects (5 criteria each),
 * 5,000 students and 150 assessors, and 100,000 reports submitted one after the other over the four
 * weeks before `UNTIL` (the digest's two-week period and the two weeks before it), 5 % of them amended
 * within the hour. The free
 * text mixes recurring mistakes and suggestions worded in many ways, unique remarks and, now and
 * then, a student's first name. Deterministic: prepare and run regenerate the same reports.
 */
import {
  type Evaluation,
  Organisation,
  type Outcome,
  type Project,
  type Report,
  type ReportContent,
} from '../../src/domain/model.ts';
import { type Random, seededRandom } from './random.ts';

/** End of the digest's period (exclusive). */
export const UNTIL = new Date('2025-03-31T00:00:00.000Z');
/** Start of the digest's period: two weeks; the previous period is the two weeks before. */
export const SINCE = new Date(UNTIL.getTime() - 14 * 86_400_000);
const WINDOW_MS = 28 * 86_400_000;

const FIRST = [
  'Emma',
  'Lucas',
  'Chloé',
  'Hugo',
  'Léa',
  'Noah',
  'Inès',
  'Jules',
  'Sarah',
  'Adam',
  'Zoé',
  'Nathan',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
];

const MISTAKES = [
  'forgot to validate user input on the signup form',
  'no error handling around the database calls',
  'tests do not cover the edge cases of the pagination',
  'configuration values are hard-coded instead of read from the environment',
  'the whole history is one large commit without messages',
  'passwords are stored without hashing',
  'the README does not explain how to run the project',
  'status codes are wrong on failed requests',
  'the layout breaks on small screens',
  'images are not compressed and the page loads slowly',
  'SQL queries are built by string concatenation',
  'no loading state while data is fetched',
  'variables are named with single letters',
  'the same code is copied in several components',
  'accessibility labels are missing on the form fields',
];
const SUGGESTIONS = [
  'add a worked example of input validation to the course',
  'the module on error handling needs an exercise with a failing database',
  'explain environment variables before the deployment chapter',
  'show how to write tests for pagination edge cases',
  'add a short video on git commit hygiene',
  'the security chapter should cover password hashing earlier',
  'provide a README template in the project brief',
  'a cheat sheet of HTTP status codes would help',
  'more practice on responsive layouts with real devices',
  'link the image optimisation guide from the brief',
];
const DETAILS = [
  'in the login route',
  'on the dashboard',
  'in the API',
  'on mobile',
  'in the admin pages',
  'again',
];
const FILLERS = ['really', 'still', 'clearly', 'sometimes', 'often', 'also'];
const VOCABULARY = Array.from({ length: 1500 }, (_, i) => `term${i.toString(36)}`);

/** The organisation of the case, parsed (defaults filled in) as an import would store it. */
export function digestOrganisation(): Organisation {
  const random = seededRandom(11);
  const projects = Array.from({ length: 12 }, (_, i) => ({
    id: `proj-${String(i + 1).padStart(2, '0')}`,
    name: `Project ${i + 1}`,
    path: i < 6 ? 'web' : 'data',
    rubric: [1, 2, 3, 4, 5].map((c) => ({ id: `c${c}`, title: `Criterion ${c} of project ${i + 1}` })),
  }));
  const assessors = Array.from({ length: 150 }, (_, i) => ({
    id: `as-${i + 1}`,
    name: `${random.pick(FIRST)} ${random.pick(LAST)}-${i + 1}`,
    roles: ['assessor' as const],
    certifications: projects.map((p) => p.id),
  }));
  const mentors = Array.from({ length: 20 }, (_, i) => ({
    id: `mentor-${i + 1}`,
    name: `Mentor ${random.pick(LAST)} ${i + 1}`,
    roles: ['mentor' as const],
  }));
  const students = Array.from({ length: 5_000 }, (_, i) => ({
    id: `stu-${i + 1}`,
    name: `${random.pick(FIRST)} ${random.pick(LAST)}`,
    path: i % 2 === 0 ? 'web' : 'data',
    mentor: `mentor-${(i % 20) + 1}`,
  }));
  return Organisation.parse({
    organisation: { name: 'Bench School', defaultLocale: 'en', timezone: 'UTC' },
    paths: [
      { id: 'web', name: 'Web', projects: projects.slice(0, 6).map((p) => p.id) },
      { id: 'data', name: 'Data', projects: projects.slice(6).map((p) => p.id) },
    ],
    projects,
    people: [...assessors, ...mentors, { id: 'cora', name: 'Cora Curriculum', roles: ['curriculum'] }],
    students,
    channels: { curriculum: { slack: 'C01CURRICULUM' } },
  });
}

function statement(random: Random, pool: readonly string[], firstName: string): string {
  const roll = random.next();
  if (roll < 0.1) return Array.from({ length: random.int(4, 9) }, () => random.pick(VOCABULARY)).join(' ');
  let text = random.pick(pool);
  if (random.chance(0.4)) text = `${random.pick(FILLERS)} ${text}`;
  if (random.chance(0.5)) text = `${text} ${random.pick(DETAILS)}`;
  if (roll > 0.98) text = `${firstName} ${text}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function filler(random: Random, words: number): string {
  return Array.from({ length: words }, () => random.pick(VOCABULARY)).join(' ');
}

function content(random: Random, project: Project, firstName: string): ReportContent {
  const criteria: ReportContent['criteria'] = {};
  let failed = 0;
  for (const c of project.rubric) {
    const met = random.chance(0.82);
    if (!met) failed += 1;
    criteria[c.id] = { verdict: met ? 'met' : 'not_met', comment: met ? '' : filler(random, 12) };
  }
  const outcome: Outcome =
    failed === 0 ? 'approved' : failed === 1 && random.chance(0.5) ? 'conditional' : 'to_rework';
  const doubt = random.chance(0.06);
  return {
    criteria,
    outcome,
    strengths: filler(random, 25),
    improvements: filler(random, 25),
    mentorNote: filler(random, 20),
    juryJustification: filler(random, 40),
    readinessDoubt: doubt,
    doubtNote: doubt ? filler(random, 12) : '',
    commonMistakes: Array.from({ length: random.int(1, 3) }, () =>
      statement(random, MISTAKES, firstName),
    ).join('. '),
    materialSuggestions: Array.from({ length: random.int(0, 2) }, () =>
      statement(random, SUGGESTIONS, firstName),
    ).join('. '),
  };
}

/** One generated evaluation and its report versions (oldest first). */
export type GeneratedReport = { evaluation: Evaluation; versions: Report[] };

/** The `count` reports of the case, in evaluation order; the same every time. */
export function* generateReports(org: Organisation, count: number): Generator<GeneratedReport> {
  const random = seededRandom(23);
  for (let i = 0; i < count; i++) {
    const student = random.pick(org.students);
    const project = random.pick(org.projects);
    // Submitted in order, as a store fills up in production (a few minutes of jitter).
    const slot = Math.floor(((WINDOW_MS - 3_600_000) * i) / count);
    const submittedAt = new Date(UNTIL.getTime() - WINDOW_MS + slot + random.int(0, 300_000));
    const id = `E-${i + 1}`;
    const first = student.name.split(' ')[0] ?? student.name;
    const body = content(random, project, first);
    const author = `as-${random.int(1, 150)}`;
    const versions: Report[] = [
      { evaluation: id, version: 1, author, content: body, submittedAt, amendReason: null },
    ];
    if (random.chance(0.05)) {
      const amended = { ...body, commonMistakes: statement(random, MISTAKES, first) };
      const at = new Date(submittedAt.getTime() + random.int(60_000, 3_600_000));
      versions.push({
        evaluation: id,
        version: 2,
        author,
        content: amended,
        submittedAt: at,
        amendReason: 'typo',
      });
    }
    const evaluation: Evaluation = {
      id,
      student: student.id,
      project: project.id,
      attempt: random.chance(0.1) ? 2 : 1,
      status: body.outcome ?? 'submitted',
      assessor: author,
      requestedBy: null,
      requestedAt: new Date(submittedAt.getTime() - 3 * 86_400_000),
      scheduledAt: null,
      acceptedAt: new Date(submittedAt.getTime() - 2 * 86_400_000),
      dueAt: null,
      submittedAt,
      windowEndsAt: null,
      outcome: body.outcome,
      version: 3,
      updatedAt: submittedAt,
    };
    yield { evaluation, versions };
  }
}
