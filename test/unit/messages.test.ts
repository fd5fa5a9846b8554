import { describe, expect, it } from 'vitest';
import { readersOfField, reportTexts } from '../../src/domain/audience-leak.ts';
import type { AssignmentExplanation, Report, ReportContent } from '../../src/domain/model.ts';
import { doubtAlertMessage } from '../../src/views/messages/coordinator-messages.ts';
import {
  DISCORD_MESSAGE_LIMIT,
  type ReaderContext,
  SLACK_HEADER_LIMIT,
  SLACK_SECTION_LIMIT,
  shorten,
} from '../../src/views/messages/message-format.ts';
import {
  closedOfferMessage,
  type OfferMessageInput,
  offerMessage,
} from '../../src/views/messages/offer-messages.ts';
import {
  decisionNeededMessage,
  evaluationWithdrawnMessage,
  reportOverdueMessage,
  reportReminderMessage,
} from '../../src/views/messages/reminder-messages.ts';
import {
  attemptDiff,
  mentorSummaryMessage,
  type ReportMessageInput,
  studentFeedbackMessage,
} from '../../src/views/messages/report-messages.ts';
import type { MessageView } from '../../src/views/view-model.ts';

const EN: ReaderContext = { locale: 'en', timeZone: 'Europe/Paris' };
const FR: ReaderContext = { locale: 'fr', timeZone: 'Europe/Paris' };
const DEC_1 = new Date('2026-12-01T09:00:00.000Z');

const explanation: AssignmentExplanation = {
  assessor: 'alice',
  passed: ['certified', 'not_mentor', 'no_conflict', 'not_away', 'under_capacity', 'not_declined'],
  load: { open: 2, recent: 1, total: 3, capacity: 5, weekOpen: 1 },
  fresh: true,
  others: [{ assessor: 'bruno', reason: 'higher_load' }],
};

function offerInput(overrides: Partial<OfferMessageInput['offer']> = {}): OfferMessageInput {
  return {
    offer: {
      evaluation: 'E-1001',
      status: 'pending',
      explanation,
      expiresAt: DEC_1,
      respondedAt: null,
      declineReason: null,
      ...overrides,
    },
    attempt: 1,
    scheduledAt: null,
    studentName: 'Emma Martin',
    projectName: 'Portfolio site',
    reportDueHours: 48,
    recentLoadDays: 30,
  };
}

const rubric = [
  { id: 'routes', title: 'Routes and status codes' },
  { id: 'validation', title: 'Input validation' },
  { id: 'tests', title: 'Automated tests' },
];

/** A report whose every text field carries a marker naming the field. */
function markedContent(overrides: Partial<ReportContent> = {}): ReportContent {
  return {
    criteria: {
      routes: { verdict: 'met', comment: 'CRITERION-MARKER-routes clean routing' },
      validation: { verdict: 'not_met', comment: 'CRITERION-MARKER-validation no checks on input' },
      tests: { verdict: 'not_met', comment: 'CRITERION-MARKER-tests only two tests' },
    },
    outcome: 'conditional',
    strengths: 'STRENGTHS-MARKER tidy code',
    improvements: 'IMPROVEMENTS-MARKER validate every body',
    mentorNote: 'MENTOR-MARKER work on testing habits',
    juryJustification: 'JURY-MARKER the validation criterion is not met, so the outcome is conditional',
    readinessDoubt: true,
    doubtNote: 'DOUBT-MARKER struggles under questions',
    commonMistakes: 'CURRICULUM-MISTAKES-MARKER no validation',
    materialSuggestions: 'CURRICULUM-MATERIAL-MARKER add a validation module',
    ...overrides,
  };
}

function report(content: ReportContent, overrides: Partial<Report> = {}): Report {
  return {
    evaluation: 'E-1002',
    version: 1,
    author: 'chloe',
    content,
    submittedAt: DEC_1,
    amendReason: null,
    ...overrides,
  };
}

function reportInput(overrides: Partial<ReportMessageInput> = {}): ReportMessageInput {
  return {
    evaluation: { id: 'E-1002', attempt: 1 },
    studentName: 'Emma Martin',
    projectName: 'REST API',
    rubric,
    assessorName: 'Chloe',
    report: report(markedContent()),
    window: { kind: 'resubmission', endsAt: new Date('2026-12-03T09:00:00.000Z') },
    conditionalWindowHours: 48,
    ...overrides,
  };
}

function withinLimits(view: MessageView): void {
  expect(view.text.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
  for (const block of view.blocks) {
    if (block.type === 'header') expect(block.text.length).toBeLessThanOrEqual(SLACK_HEADER_LIMIT);
    if (block.type === 'text' || block.type === 'context')
      expect(block.text.length).toBeLessThanOrEqual(SLACK_SECTION_LIMIT);
  }
}

describe('offer DM', () => {
  it('says what is offered, the deadline rules, why this assessor and when it expires (English)', () => {
    const view = offerMessage(offerInput(), EN);
    expect(view.audience).toBe('assessor');
    expect(view.text).toContain(
      'You are offered the soutenance of Emma Martin on Portfolio site (attempt 1).',
    );
    expect(view.text).toContain('/assess schedule E-1001 <when>');
    expect(view.text).toContain('The report is due 48 h after the soutenance');
    expect(view.text).toContain('✓ certified for the project');
    expect(view.text).toContain('✓ not the student’s mentor');
    expect(view.text).toContain('✓ no declared conflict of interest with the student');
    expect(view.text).toContain(
      'Load: 2 open + 1 finished in the last 30 days = 3; 1 of your 5 weekly slots taken.',
    );
    expect(view.text).toContain('You have never assessed Emma Martin: an independent opinion for the jury.');
    expect(view.text).toContain('Answer before Tuesday, 1 December 2026 at 10:00 CET;');
    expect(view.blocks.at(-1)).toEqual({
      type: 'actions',
      buttons: [
        { action: 'offer.accept', label: 'Accept', value: 'E-1001', style: 'primary' },
        { action: 'offer.decline', label: 'Decline', value: 'E-1001', style: 'danger' },
      ],
    });
    withinLimits(view);
  });

  it('speaks French with French dates, and names a scheduled soutenance', () => {
    const input = { ...offerInput(), scheduledAt: new Date('2026-12-02T13:30:00.000Z') };
    const view = offerMessage(input, FR);
    expect(view.text).toContain(
      'On vous propose la soutenance de Emma Martin sur Portfolio site (tentative 1).',
    );
    expect(view.text).toContain('La soutenance est prévue le mercredi 2 décembre 2026 à 14:30 UTC+1');
    expect(view.text).toContain('✓ certifié pour le projet');
    expect(view.text).toContain('Charge : 2 en cours + 1 terminées ces 30 derniers jours = 3');
    expect(view.text).toContain('Répondez avant le mardi 1 décembre 2026 à 10:00 UTC+1');
    const actions = view.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.buttons.map((b) => b.label)).toEqual([
      'Accepter',
      'Refuser',
    ]);
  });

  it('explains a repeat assessor and a choice made by hand', () => {
    const input = offerInput({
      explanation: {
        ...explanation,
        fresh: false,
        manual: { by: 'colin', overridden: ['under_capacity'] },
      },
    });
    const view = offerMessage({ ...input, manualByName: 'Colin' }, EN);
    expect(view.text).toContain('You have assessed Emma Martin before;');
    expect(view.text).toContain('Chosen by hand by Colin.');
    expect(view.text).toContain('Rules knowingly overridden: under weekly capacity.');
  });

  it('once closed, says what happened and has no buttons', () => {
    const at = new Date('2026-11-30T10:15:00.000Z');
    const accepted = closedOfferMessage(offerInput({ status: 'accepted', respondedAt: at }), EN);
    expect(accepted.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(accepted.text).toContain('Evaluation offer E-1001: accepted');
    expect(accepted.text).toContain(
      'You accepted this evaluation on Monday, 30 November 2026 at 11:15 CET. Write the report with /assess report E-1001.',
    );
    const declined = closedOfferMessage(
      offerInput({ status: 'declined', respondedAt: at, declineReason: 'conflict_of_interest' }),
      FR,
    );
    expect(declined.text).toContain(
      'Vous avez refusé cette évaluation le lundi 30 novembre 2026 à 11:15 UTC+1',
    );
    expect(declined.text).toContain('(Conflit d’intérêts)');
    expect(closedOfferMessage(offerInput({ status: 'expired' }), EN).text).toContain('This offer expired on');
    expect(closedOfferMessage(offerInput({ status: 'withdrawn', respondedAt: at }), EN).text).toContain(
      'a coordinator reassigned or cancelled the evaluation',
    );
  });
});

describe('attempt diff', () => {
  const first = markedContent({ outcome: 'to_rework' });
  const second = markedContent({
    outcome: 'approved',
    criteria: {
      routes: { verdict: 'not_met', comment: 'broke the 404s' },
      validation: { verdict: 'met', comment: '' },
      tests: { verdict: 'not_met', comment: 'still thin' },
    },
  });

  it('lists the criteria that flipped and the outcome change, in rubric order', () => {
    expect(attemptDiff(first, second, rubric)).toEqual({
      outcome: { from: 'to_rework', to: 'approved' },
      nowMet: ['validation'],
      nowNotMet: ['routes'],
      stillNotMet: ['tests'],
    });
  });

  it('appears in the mentor summary of a second attempt', () => {
    const view = mentorSummaryMessage(
      reportInput({
        evaluation: { id: 'E-1002', attempt: 2 },
        report: report(second),
        window: null,
        previous: { attempt: 1, report: report(first, { evaluation: 'E-1001' }) },
      }),
      EN,
    );
    expect(view.text).toContain('Since attempt 1');
    expect(view.text).toContain('Outcome: To rework → Approved.');
    expect(view.text).toContain('Now met: Input validation.');
    expect(view.text).toContain('No longer met: Routes and status codes.');
    expect(view.text).toContain('Still not met: Automated tests.');
    const fr = mentorSummaryMessage(
      reportInput({
        evaluation: { id: 'E-1002', attempt: 2 },
        report: report(second),
        window: null,
        previous: { attempt: 1, report: report(first) },
      }),
      FR,
    );
    expect(fr.text).toContain('Depuis la tentative 1');
    expect(fr.text).toContain('Résultat : À retravailler → Validé.');
    expect(fr.text).toContain('Désormais acquis : Input validation.');
  });

  it('says so when nothing changed or the previous report is missing', () => {
    const same = mentorSummaryMessage(
      reportInput({
        evaluation: { id: 'E-1002', attempt: 2 },
        previous: { attempt: 1, report: report(first) },
      }),
      EN,
    );
    expect(same.text).toContain('No criterion changed.');
    const missing = mentorSummaryMessage(
      reportInput({ evaluation: { id: 'E-1002', attempt: 2 }, previous: { attempt: 1, report: null } }),
      EN,
    );
    expect(missing.text).toContain('No report was found for attempt 1.');
  });
});

describe('mentor summary and student feedback', () => {
  it('gives the mentor outcome, criteria, feedback, note, doubt and the conditional window', () => {
    const view = mentorSummaryMessage(reportInput(), EN);
    expect(view.audience).toBe('mentor');
    expect(view.text).toContain('Report on Emma Martin: REST API');
    expect(view.text).toContain('Outcome: Conditional');
    expect(view.text).toContain('⚠️ Readiness doubt: DOUBT-MARKER struggles under questions');
    expect(view.text).toContain('Criteria met (1 of 3)');
    expect(view.text).toContain('• ✓ Routes and status codes: CRITERION-MARKER-routes clean routing');
    expect(view.text).toContain('Criteria not met (2 of 3)');
    expect(view.text).toContain('• ✗ Input validation: CRITERION-MARKER-validation no checks on input');
    expect(view.text).toContain('Note for you: MENTOR-MARKER work on testing habits');
    expect(view.text).toContain(
      'Conditional: the student re-uploads before Thursday, 3 December 2026 at 10:00 CET; the assessor then decides within 48 h.',
    );
  });

  it('marks an amendment with its reason', () => {
    const view = mentorSummaryMessage(
      reportInput({ report: report(markedContent(), { version: 2, amendReason: 'typo in a comment' }) }),
      EN,
    );
    expect(view.text).toContain('Amended report on Emma Martin: REST API');
    expect(view.text).toContain('Amended (version 2): typo in a comment');
  });

  it('gives the student the outcome, criteria, feedback and next step, in French too', () => {
    const view = studentFeedbackMessage(reportInput(), FR);
    expect(view.audience).toBe('student');
    expect(view.text).toContain('Votre soutenance de REST API : Validé sous réserve');
    expect(view.text).toContain('Ce que vous avez bien fait : STRENGTHS-MARKER tidy code');
    expect(view.text).toContain('redéposez votre projet avant le jeudi 3 décembre 2026 à 10:00 UTC+1');
    const rework = studentFeedbackMessage(
      reportInput({ report: report(markedContent({ outcome: 'to_rework' })), window: null }),
      EN,
    );
    expect(rework.text).toContain('a new soutenance will be held for a new attempt');
  });
});

describe('audience scan', () => {
  const content = markedContent();
  const markers = reportTexts(content).map((e) => ({
    field: e.field,
    marker: /\S+-MARKER\S*/.exec(e.text)?.[0],
  }));

  const evaluation = { id: 'E-1002', attempt: 1, studentName: 'Emma Martin', projectName: 'REST API' };
  const doubts = [{ projectName: 'REST API', attempt: 1, submittedAt: DEC_1 }];
  const views: [string, MessageView][] = [
    ['mentor summary', mentorSummaryMessage(reportInput(), EN)],
    ['student feedback', studentFeedbackMessage(reportInput(), EN)],
    [
      'doubt alert (mentor)',
      doubtAlertMessage({ studentName: 'Emma', mentorName: 'Mia', doubts, audience: 'mentor' }, EN),
    ],
    [
      'doubt alert (coordinators)',
      doubtAlertMessage({ studentName: 'Emma', mentorName: 'Mia', doubts, audience: 'coordinator' }, EN),
    ],
    ['offer', offerMessage(offerInput(), EN)],
    ['reminder', reportReminderMessage({ evaluation, dueAt: DEC_1 }, EN)],
    ['overdue', reportOverdueMessage({ evaluation, dueAt: DEC_1, assessorName: 'Chloe' }, EN)],
    ['decision', decisionNeededMessage({ evaluation, reason: 'lapsed_no_upload', date: DEC_1 }, EN)],
    ['withdrawn', evaluationWithdrawnMessage({ evaluation, cancelled: true }, EN)],
  ];

  it.each(views)('%s carries only the fields written for its reader', (_name, view) => {
    const serialised = JSON.stringify(view);
    for (const { field, marker } of markers) {
      if (!marker || !serialised.includes(marker)) continue;
      expect(readersOfField(field), `${field} in a message for ${view.audience}`).toContain(view.audience);
    }
  });

  it('puts exactly the expected fields in the report messages', () => {
    const present = (view: MessageView) =>
      markers.filter((m) => m.marker && JSON.stringify(view).includes(m.marker)).map((m) => m.field);
    const studentFields = [
      'criterion.routes.comment',
      'criterion.validation.comment',
      'criterion.tests.comment',
      'strengths',
      'improvements',
    ];
    expect(present(mentorSummaryMessage(reportInput(), EN)).sort()).toEqual(
      [...studentFields, 'mentorNote', 'doubtNote'].sort(),
    );
    expect(present(studentFeedbackMessage(reportInput(), EN)).sort()).toEqual([...studentFields].sort());
  });
});

describe('fitting the platform limits', () => {
  it('shortens at a word boundary with an ellipsis', () => {
    expect(shorten('one two three four', 100)).toBe('one two three four');
    expect(shorten('one two three four', 12)).toBe('one two…');
    expect(shorten('😀😀😀', 4)).toBe('😀…');
  });

  it('shortens long fields, says so, and keeps every message within Discord’s and Slack’s limits', () => {
    const long = `${'A very long explanation of what went well. '.repeat(200)}END-OF-STRENGTHS`;
    const view = mentorSummaryMessage(
      reportInput({
        report: report(markedContent({ strengths: long, mentorNote: `MENTOR-MARKER ${long}` })),
      }),
      EN,
    );
    expect(view.text.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
    expect(view.text).not.toContain('END-OF-STRENGTHS');
    expect(view.text).toContain('…');
    expect(view.text).toContain('Some long texts were shortened (…) to fit in one message.');
    expect(view.text).toContain('Note for you: MENTOR-MARKER');
    withinLimits(view);
    expect(studentFeedbackMessage(reportInput(), FR).text).not.toContain('raccourcis');
  });

  it('fits a 30-criterion rubric with long comments', () => {
    const big = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, title: `Criterion ${i} `.repeat(10) }));
    const criteria = Object.fromEntries(
      big.map((c) => [c.id, { verdict: 'not_met' as const, comment: 'Missing piece. '.repeat(40) }]),
    );
    const view = studentFeedbackMessage(
      reportInput({ rubric: big, report: report(markedContent({ criteria, outcome: 'to_rework' })) }),
      EN,
    );
    withinLimits(view);
  });
});
