/**
 * The generated case of the dossier benchmark: one path of 8 projects (5 criteria each, grouped in
 * competencies), 40 assessors, 20 mentors, the jury channel on Slack, and students whose 8
 * evaluations are all reported (approved, some after a second attempt's wording, some with a
 * readiness doubt). Written straight through the store's repositories, not the use cases.
 */
import { type Evaluation, Organisation, type Report, type ReportContent } from '../../src/domain/model.ts';
import type { Store } from '../../src/ports/store.ts';
import { type Random, seededRandom } from './random.ts';

/** The jury channel's Slack id, where the dossiers are delivered. */
export const JURY_CHANNEL = 'C01JURY';
const PROJECTS = 8;
const COMPETENCIES = ['front-end', 'back-end', 'security', 'quality', 'delivery'];
const WORDS = (
  'the student explained each design decision clearly and answered follow-up questions with ' +
  'precise examples from the code base showing working software tests deployment error handling ' +
  'documentation accessibility performance data model validation routes components state review'
).split(' ');

/** The organisation of the case with `students` students. */
export function dossierOrganisation(students: number): Organisation {
  const random = seededRandom(5);
  const projects = Array.from({ length: PROJECTS }, (_, i) => ({
    id: `proj-${i + 1}`,
    name: `Project ${i + 1}: ${['Portfolio', 'API', 'Database', 'Front-end app', 'Tests', 'Security', 'Deployment', 'Capstone'][i] ?? ''}`,
    path: 'web',
    rubric: [1, 2, 3, 4, 5].map((c) => ({
      id: `c${c}`,
      title: `Criterion ${c} of project ${i + 1}`,
      competency: COMPETENCIES[(i + c) % COMPETENCIES.length] ?? 'other',
    })),
  }));
  return Organisation.parse({
    organisation: { name: 'Bench School', defaultLocale: 'en', timezone: 'Europe/Paris' },
    paths: [{ id: 'web', name: 'Web developer', projects: projects.map((p) => p.id) }],
    projects,
    people: [
      ...Array.from({ length: 40 }, (_, i) => ({
        id: `as-${i + 1}`,
        name: `Assessor ${i + 1}`,
        roles: ['assessor'],
        certifications: projects.map((p) => p.id),
      })),
      ...Array.from({ length: 20 }, (_, i) => ({
        id: `mentor-${i + 1}`,
        name: `Mentor ${i + 1}`,
        roles: ['mentor'],
      })),
      { id: 'jules', name: 'Jules Jury', roles: ['jury'] },
    ],
    students: Array.from({ length: students }, (_, i) => ({
      id: `stu-${i + 1}`,
      name: `Student ${i + 1} ${random.pick(['Martin', 'Bernard', 'Dubois', 'Petit', 'Durand'])}`,
      path: 'web',
      mentor: `mentor-${(i % 20) + 1}`,
    })),
    channels: { jury: { slack: JURY_CHANNEL } },
  });
}

function sentence(random: Random, words: number): string {
  const text = Array.from({ length: words }, () => random.pick(WORDS)).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function content(random: Random, rubric: readonly { id: string }[]): ReportContent {
  const doubt = random.chance(0.1);
  return {
    criteria: Object.fromEntries(
      rubric.map((c) => [
        c.id,
        { verdict: 'met' as const, comment: random.chance(0.5) ? sentence(random, 12) : '' },
      ]),
    ),
    outcome: 'approved',
    strengths: sentence(random, 20),
    improvements: sentence(random, 20),
    mentorNote: sentence(random, 15),
    juryJustification: `${sentence(random, 30)} ${sentence(random, 20)}`,
    readinessDoubt: doubt,
    doubtNote: doubt ? sentence(random, 14) : '',
    commonMistakes: sentence(random, 10),
    materialSuggestions: sentence(random, 10),
  };
}

/** Imports the organisation and writes every student's 8 reported evaluations, in batched transactions. */
export async function fillDossierStore(store: Store, org: Organisation): Promise<void> {
  const random = seededRandom(9);
  await store.org.importOrganisation(org);
  const start = Date.parse('2025-01-06T09:00:00.000Z');
  let id = 1_000;
  for (let s = 0; s < org.students.length; s += 100) {
    const students = org.students.slice(s, s + 100);
    await store.transaction(async (tx) => {
      for (const student of students) {
        for (const [index, project] of org.projects.entries()) {
          const submittedAt = new Date(start + index * 7 * 86_400_000 + random.int(0, 86_400_000));
          const evaluation: Evaluation = {
            id: `E-${++id}`,
            student: student.id,
            project: project.id,
            attempt: 1,
            status: 'approved',
            assessor: `as-${random.int(1, 40)}`,
            requestedBy: null,
            requestedAt: new Date(submittedAt.getTime() - 3 * 86_400_000),
            scheduledAt: null,
            acceptedAt: new Date(submittedAt.getTime() - 2 * 86_400_000),
            dueAt: null,
            submittedAt,
            windowEndsAt: null,
            outcome: 'approved',
            version: 4,
            updatedAt: submittedAt,
          };
          const report: Report = {
            evaluation: evaluation.id,
            version: 1,
            author: evaluation.assessor ?? 'as-1',
            content: content(random, project.rubric),
            submittedAt,
            amendReason: null,
          };
          await tx.evaluations.insert(evaluation);
          await tx.reports.insert(report);
        }
      }
    });
  }
}
