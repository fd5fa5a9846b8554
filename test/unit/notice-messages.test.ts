import { describe, expect, it } from 'vitest';
import {
  deliveryFailedMessage,
  doubtAlertMessage,
  exclusionCounts,
  noAssessorMessage,
} from '../../src/views/messages/coordinator-messages.ts';
import type { ReaderContext } from '../../src/views/messages/message-format.ts';
import {
  decisionNeededMessage,
  evaluationWithdrawnMessage,
  reportOverdueMessage,
  reportReminderMessage,
} from '../../src/views/messages/reminder-messages.ts';

const EN: ReaderContext = { locale: 'en', timeZone: 'Europe/Paris' };
const FR: ReaderContext = { locale: 'fr', timeZone: 'Europe/Paris' };
const DEC_1 = new Date('2026-12-01T09:00:00.000Z');

describe('coordinator messages', () => {
  const evaluation = { id: 'E-1003', attempt: 1, studentName: 'Hugo', projectName: 'Tableau de bord' };

  it('no assessor: the main excluding rule, the breakdown, a hint and how to fix it', () => {
    const rejected = [
      { assessor: 'alice', rule: 'certified' as const },
      { assessor: 'bruno', rule: 'not_mentor' as const },
      { assessor: 'chloe', rule: 'speaks_language' as const },
      { assessor: 'dmitri', rule: 'certified' as const },
    ];
    expect(exclusionCounts(rejected)[0]).toEqual({ rule: 'certified', count: 2 });
    const view = noAssessorMessage({ evaluation, candidates: 4, rejected }, EN);
    expect(view.audience).toBe('coordinator');
    expect(view.text).toContain('Nobody is eligible for Hugo: Tableau de bord (attempt 1).');
    expect(view.text).toContain('Main reason: 2 of 4 assessors fail “certified for the project”.');
    expect(view.text).toContain('• speaks the student’s language: 1');
    expect(view.text).toContain('Certify more assessors for this project');
    expect(view.text).toContain('/evaluation reassign E-1003 <assessor>');
    expect(view.text).toContain('/assess claim');
    const fr = noAssessorMessage({ evaluation, candidates: 4, rejected }, FR);
    expect(fr.text).toContain(
      'Raison principale : la condition « certifié pour le projet » écarte 2 évaluateur(s) sur 4.',
    );
    expect(noAssessorMessage({ evaluation, candidates: 0, rejected: [] }, EN).text).toContain(
      'There is no assessor in the organisation.',
    );
  });

  it('delivery failed: who, on which platform, why, and the fix', () => {
    const view = deliveryFailedMessage(
      { target: { kind: 'person', name: 'Chloe' }, platform: 'discord', code: '50007' },
      EN,
    );
    expect(view.text).toContain(
      'Chloe cannot be reached on Discord: they have closed their direct messages (50007).',
    );
    expect(view.text).toContain('allow direct messages');
    const fr = deliveryFailedMessage(
      { target: { kind: 'channel', purpose: 'curriculum' }, platform: 'slack', code: 'channel_not_found' },
      FR,
    );
    expect(fr.text).toContain(
      'Le canal pédagogie sur Slack est inutilisable : le canal n’existe pas ou le bot n’y est pas (channel_not_found).',
    );
  });

  it('doubt alert: projects and dates, a hint per reader', () => {
    const doubts = [
      { projectName: 'Portfolio site', attempt: 1, submittedAt: new Date('2026-10-05T10:00:00Z') },
      { projectName: 'REST API', attempt: 2, submittedAt: DEC_1 },
    ];
    const mentor = doubtAlertMessage(
      { studentName: 'Emma', mentorName: 'Mia', doubts, audience: 'mentor' },
      EN,
    );
    expect(mentor.audience).toBe('mentor');
    expect(mentor.text).toContain('Assessors have now raised 2 readiness doubts about Emma:');
    expect(mentor.text).toContain('• Portfolio site, attempt 1: 5 October 2026');
    expect(mentor.text).toContain('• REST API, attempt 2: 1 December 2026');
    const coordinators = doubtAlertMessage(
      { studentName: 'Emma', mentorName: 'Mia', doubts, audience: 'coordinator' },
      FR,
    );
    expect(coordinators.audience).toBe('coordinator');
    expect(coordinators.text).toContain('• REST API, tentative 2 : 1 décembre 2026');
    expect(coordinators.text).toContain('Le mentor, Mia, a été prévenu.');
  });
});

describe('deadline messages', () => {
  const evaluation = { id: 'E-1004', attempt: 1, studentName: 'Emma', projectName: 'Portfolio site' };

  it('reminds, escalates, asks for a decision and tells of a withdrawal', () => {
    expect(reportReminderMessage({ evaluation, dueAt: DEC_1 }, EN).text).toContain(
      'Your report on Emma: Portfolio site (attempt 1) is due Tuesday, 1 December 2026 at 10:00 CET. Write it with /assess report E-1004;',
    );
    const overdue = reportOverdueMessage({ evaluation, dueAt: DEC_1, assessorName: 'Alice' }, EN);
    expect(overdue.audience).toBe('coordinator');
    expect(overdue.text).toContain('Alice has not submitted the report on Emma: Portfolio site (attempt 1)');
    expect(decisionNeededMessage({ evaluation, reason: 'resubmitted', date: DEC_1 }, EN).text).toContain(
      'Emma re-uploaded Portfolio site. Decide before Tuesday, 1 December 2026 at 10:00 CET',
    );
    expect(decisionNeededMessage({ evaluation, reason: 'lapsed_no_upload', date: DEC_1 }, FR).text).toContain(
      'Nous suggérons /assess decide E-1004 to_rework',
    );
    expect(decisionNeededMessage({ evaluation, reason: 'lapsed_decision', date: DEC_1 }, EN).text).toContain(
      'Please decide now',
    );
    expect(evaluationWithdrawnMessage({ evaluation, cancelled: false }, EN).text).toContain(
      'A coordinator gave the evaluation of Emma: Portfolio site to another assessor.',
    );
  });
});
