/** Builders of workflow records for store tests; they fit the organisation of `buildOrganisation`. */
import {
  type AssignmentExplanation,
  type Evaluation,
  emptyReportContent,
  type Offer,
  type Report,
  type ReportContent,
} from '../../src/domain/model.ts';

/** A fixed instant the tests count from (a Monday). */
export const T0 = new Date('2025-03-03T09:00:00.000Z');

/** `T0` moved by a number of hours (negative for the past). */
export function at(hours: number): Date {
  return new Date(T0.getTime() + hours * 3_600_000);
}

/** A requested evaluation of stu-emma on web-1-portfolio, first attempt, version 1. */
export function buildEvaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    id: 'E-9001',
    student: 'stu-emma',
    project: 'web-1-portfolio',
    attempt: 1,
    status: 'requested',
    assessor: null,
    requestedBy: 'colin',
    requestedAt: T0,
    scheduledAt: null,
    acceptedAt: null,
    dueAt: null,
    submittedAt: null,
    windowEndsAt: null,
    outcome: null,
    version: 1,
    updatedAt: T0,
    ...overrides,
  };
}

/** The explanation of picking `assessor`, with one other candidate. */
export function buildExplanation(assessor = 'alice'): AssignmentExplanation {
  return {
    assessor,
    passed: ['certified', 'not_mentor', 'no_conflict', 'not_away', 'under_capacity'],
    load: { open: 1, recent: 2, total: 3, capacity: 5, weekOpen: 1 },
    fresh: true,
    others: [{ assessor: 'dmitri', reason: 'no_conflict' }],
  };
}

/** A pending offer of E-9001 to alice, expiring 24 h after `T0`. */
export function buildOffer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: 'O-1',
    evaluation: 'E-9001',
    assessor: 'alice',
    status: 'pending',
    explanation: buildExplanation(overrides.assessor ?? 'alice'),
    createdAt: T0,
    expiresAt: at(24),
    respondedAt: null,
    declineReason: null,
    declineNote: null,
    ...overrides,
  };
}

/** An approved report's content for web-1-portfolio. */
export function buildReportContent(overrides: Partial<ReportContent> = {}): ReportContent {
  return {
    ...emptyReportContent(),
    criteria: {
      'semantic-html': { verdict: 'met', comment: '' },
      responsive: { verdict: 'met', comment: 'Breakpoints well chosen.' },
    },
    outcome: 'approved',
    strengths: 'Clear structure and accessible markup.',
    improvements: 'Compress the images.',
    mentorNote: 'Ready for the API project.',
    juryJustification: 'Every criterion was demonstrated live, including keyboard navigation.',
    ...overrides,
  };
}

/** Version 1 of alice's report on E-9001. */
export function buildReport(overrides: Partial<Report> = {}): Report {
  return {
    evaluation: 'E-9001',
    version: 1,
    author: 'alice',
    content: buildReportContent(),
    submittedAt: at(2),
    amendReason: null,
    ...overrides,
  };
}
