import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Criterion, emptyReportContent, type ReportContent } from '../../src/domain/model.ts';
import {
  COMMENT_MAX,
  describeFieldError,
  type FieldError,
  fieldErrorMessages,
  isSubstantialJustification,
  JUSTIFICATION_MIN_DISTINCT_WORDS,
  LONG_TEXT_MAX,
  REPORT_ERROR_CODES,
  reportFormFieldIds,
  validateReport,
} from '../../src/domain/report-rules.ts';

const RUBRIC: Criterion[] = [
  { id: 'api', title: 'REST API design' },
  { id: 'security', title: 'Security' },
  { id: 'tests', title: 'Automated tests' },
];

const JUSTIFICATION_EN =
  'Approved. The REST API covers every endpoint of the brief and the student defended each design choice clearly. ' +
  'Passwords are hashed with bcrypt, tokens expire after fifteen minutes, and every route validates its input. ' +
  'The test suite exercises the main flows and the error cases; coverage is above eighty percent.';

const JUSTIFICATION_FR =
  "À retravailler. L'architecture en couches est cohérente et les tests couvrent les cas d'erreur, mais les mots " +
  'de passe sont stockés en clair dans la table des utilisateurs. Interrogée sur ce point pendant la soutenance, ' +
  "l'étudiante n'a pas su expliquer ce qu'est un hachage ni pourquoi il est indispensable.";

function approvedReport(): ReportContent {
  return {
    criteria: {
      api: { verdict: 'met', comment: 'Clear resource naming and status codes.' },
      security: { verdict: 'met', comment: '' },
      tests: { verdict: 'met', comment: '' },
    },
    outcome: 'approved',
    strengths: 'Clear API design and a defence that showed real understanding of token expiry.',
    improvements: 'Add OpenAPI documentation and split the larger controllers into smaller services.',
    mentorNote: 'Works independently now; focus the next sessions on code review habits.',
    juryJustification: JUSTIFICATION_EN,
    readinessDoubt: false,
    doubtNote: '',
    commonMistakes: 'Several students still confuse authentication and authorisation middleware.',
    materialSuggestions: 'Add a short exercise on refresh tokens to the security chapter.',
  };
}

function toReworkFr(): ReportContent {
  return {
    criteria: {
      api: { verdict: 'met', comment: '' },
      security: {
        verdict: 'not_met',
        comment: 'Les mots de passe doivent être hachés (bcrypt ou argon2) avant stockage.',
      },
      tests: { verdict: 'met', comment: '' },
    },
    outcome: 'to_rework',
    strengths: 'Une architecture propre et des tests qui couvrent aussi les erreurs.',
    improvements: 'Revois le chapitre sur la sécurité des mots de passe avant la prochaine soutenance.',
    mentorNote: 'Progresse bien, mais survole les notions de sécurité : à travailler en séance.',
    juryJustification: JUSTIFICATION_FR,
    readinessDoubt: true,
    doubtNote: 'Les bases de la sécurité web ne sont pas acquises, ce qui pèsera sur le projet suivant.',
    commonMistakes: '',
    materialSuggestions: '',
  };
}

function codes(
  content: ReportContent,
  options: { partial?: boolean; names?: string[] } = {},
): [string, string][] {
  const result = validateReport(content, RUBRIC, options);
  return result.ok ? [] : result.errors.map((e) => [e.field, e.code]);
}

describe('validateReport: complete reports', () => {
  it('accepts a complete approved report and returns it trimmed', () => {
    const content = approvedReport();
    content.strengths = `  ${content.strengths}\n\n`;
    const result = validateReport(content, RUBRIC);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.report.strengths).toBe(approvedReport().strengths);
  });

  it('accepts a complete French report sending the student back to rework, with a readiness doubt', () => {
    expect(codes(toReworkFr())).toEqual([]);
  });

  it('lists every missing field of an empty report, in form order', () => {
    expect(codes(emptyReportContent())).toEqual([
      ['criterion.api.verdict', 'criterion_missing'],
      ['criterion.security.verdict', 'criterion_missing'],
      ['criterion.tests.verdict', 'criterion_missing'],
      ['outcome', 'required'],
      ['strengths', 'required'],
      ['improvements', 'required'],
      ['juryJustification', 'required'],
    ]);
  });

  it('treats whitespace-only text as missing', () => {
    expect(codes({ ...approvedReport(), strengths: ' \n\t ' })).toEqual([['strengths', 'required']]);
  });

  it('refuses a criterion that is not in the rubric', () => {
    const content = approvedReport();
    content.criteria.design = { verdict: 'met', comment: '' };
    expect(codes(content)).toEqual([['criterion.design.verdict', 'unknown_criterion']]);
  });

  it('reports malformed input as invalid values instead of throwing', () => {
    const content = { ...approvedReport(), outcome: 'excellent' } as unknown as ReportContent;
    expect(codes(content)).toEqual([['outcome', 'invalid_value']]);
  });
});

describe('validateReport: criteria and outcome', () => {
  it('requires a comment on a criterion that is not met', () => {
    const content = toReworkFr();
    const security = { verdict: 'not_met' as const, comment: '' };
    expect(codes({ ...content, criteria: { ...content.criteria, security } })).toEqual([
      ['criterion.security.comment', 'comment_required_when_not_met'],
    ]);
    expect(
      codes({ ...content, criteria: { ...content.criteria, security: { ...security, comment: 'Non.' } } }),
    ).toEqual([['criterion.security.comment', 'too_short']]);
  });

  it('refuses "approved" while a criterion is not met, naming it', () => {
    const result = validateReport({ ...toReworkFr(), outcome: 'approved' }, RUBRIC);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        { field: 'outcome', code: 'approved_needs_all_met', params: { count: 1, criteria: 'Security' } },
      ]);
    }
  });

  it('refuses "to_rework" and "conditional" when every criterion is met', () => {
    expect(codes({ ...approvedReport(), outcome: 'to_rework' })).toEqual([
      ['outcome', 'to_rework_needs_one_not_met'],
    ]);
    expect(codes({ ...approvedReport(), outcome: 'conditional' })).toEqual([
      ['outcome', 'conditional_needs_one_not_met'],
    ]);
  });

  it('accepts "conditional" with a criterion not met', () => {
    expect(codes({ ...toReworkFr(), outcome: 'conditional' })).toEqual([]);
  });
});

describe('validateReport: texts', () => {
  it('requires a substantial jury justification', () => {
    expect(codes({ ...approvedReport(), juryJustification: 'Validé, bon travail.' })).toEqual([
      ['juryJustification', 'justification_not_substantial'],
    ]);
    expect(codes({ ...approvedReport(), juryJustification: 'Good work. '.repeat(40) })).toEqual([
      ['juryJustification', 'justification_not_substantial'],
    ]);
  });

  it('does not let a sentence pasted several times pass for a justification', () => {
    const sentence =
      'The student meets every criterion of the rubric, defended the project with clear and precise answers, ' +
      'and showed solid understanding of security, testing and deployment topics. ';
    expect(isSubstantialJustification(sentence)).toBe(true);
    expect(isSubstantialJustification(sentence.repeat(3))).toBe(false);
  });

  it('counts distinct words, so twenty different words are the threshold', () => {
    expect(JUSTIFICATION_MIN_DISTINCT_WORDS).toBe(20);
    const words =
      'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(
        ' ',
      );
    expect(isSubstantialJustification(words.join(' '))).toBe(true);
    expect(isSubstantialJustification(words.slice(1).join(' '))).toBe(false);
  });

  it('requires student feedback of at least 20 characters', () => {
    expect(codes({ ...approvedReport(), improvements: 'Add docs.' })).toEqual([
      ['improvements', 'too_short'],
    ]);
  });

  it('caps long texts and comments', () => {
    const long = 'The endpoints are consistent and well named. '.repeat(80);
    expect(codes({ ...approvedReport(), strengths: long.slice(0, LONG_TEXT_MAX) })).toEqual([]);
    const result = validateReport(
      { ...approvedReport(), strengths: long.slice(0, LONG_TEXT_MAX + 1) },
      RUBRIC,
    );
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'strengths', code: 'too_long', params: { max: LONG_TEXT_MAX, length: LONG_TEXT_MAX + 1 } },
    ]);
    const content = approvedReport();
    content.criteria.api = { verdict: 'met', comment: 'x'.repeat(COMMENT_MAX + 1) };
    expect(codes(content)).toEqual([['criterion.api.comment', 'too_long']]);
  });

  it('needs a note for a readiness doubt, and the doubt ticked for a note', () => {
    expect(codes({ ...toReworkFr(), doubtNote: '' })).toEqual([['doubtNote', 'doubt_note_required']]);
    expect(codes({ ...toReworkFr(), readinessDoubt: false })).toEqual([
      ['readinessDoubt', 'doubt_note_without_doubt'],
    ]);
  });

  it('flags jury text pasted into the student feedback', () => {
    const content = { ...approvedReport(), improvements: `Also: ${JUSTIFICATION_EN}` };
    const result = validateReport(content, RUBRIC);
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'improvements', code: 'audience_leak', params: { source: 'juryJustification' } },
    ]);
  });

  it('refuses names in the curriculum feedback when names are given', () => {
    const content = {
      ...approvedReport(),
      commonMistakes: 'Like Camille, several students forgot the indexes.',
    };
    expect(codes(content)).toEqual([]);
    expect(codes(content, { names: ['Camille Dubois'] })).toEqual([
      ['commonMistakes', 'curriculum_not_anonymous'],
    ]);
  });
});

describe('validateReport: draft steps (partial)', () => {
  it('accepts an empty draft', () => {
    expect(codes(emptyReportContent(), { partial: true })).toEqual([]);
  });

  it('still checks what is filled in', () => {
    const draft = { ...emptyReportContent(), strengths: 'Bien.', juryJustification: 'OK' };
    expect(codes(draft, { partial: true })).toEqual([
      ['strengths', 'too_short'],
      ['juryJustification', 'justification_not_substantial'],
    ]);
  });

  it('checks the outcome against the verdicts given so far', () => {
    const criteria = { security: { verdict: 'not_met' as const, comment: 'Mots de passe en clair.' } };
    expect(codes({ ...emptyReportContent(), criteria, outcome: 'approved' }, { partial: true })).toEqual([
      ['outcome', 'approved_needs_all_met'],
    ]);
    const oneMet = { api: { verdict: 'met' as const, comment: '' } };
    expect(
      codes({ ...emptyReportContent(), criteria: oneMet, outcome: 'to_rework' }, { partial: true }),
    ).toEqual([]);
  });
});

describe('messages', () => {
  it('lists the form fields in order', () => {
    expect(reportFormFieldIds(RUBRIC).slice(0, 3)).toEqual([
      'criterion.api.verdict',
      'criterion.api.comment',
      'criterion.security.verdict',
    ]);
  });

  it('describes errors in English and French, naming the source field of a leak', () => {
    const leak: FieldError = {
      field: 'improvements',
      code: 'audience_leak',
      params: { source: 'juryJustification' },
    };
    expect(describeFieldError('en', leak)).toContain('“Justification for the jury”');
    expect(describeFieldError('fr', leak)).toContain('« Justification pour le jury »');
    const short: FieldError = { field: 'strengths', code: 'too_short', params: { min: 20, length: 5 } };
    expect(describeFieldError('fr', short)).toBe('Trop court : au moins 20 caractères (actuellement 5).');
    const locked: FieldError = {
      field: 'outcome',
      code: 'outcome_locked',
      params: { outcome: 'conditional' },
    };
    expect(describeFieldError('fr', locked)).toMatch(
      /^Le résultat \(Validé sous réserve\) ne peut pas changer/,
    );
  });

  it('has a message without leftover placeholders for every error the validator produces', () => {
    const result = validateReport({ ...toReworkFr(), outcome: 'approved', improvements: 'court' }, RUBRIC);
    const errors = result.ok ? [] : result.errors;
    expect(errors.length).toBeGreaterThan(0);
    for (const locale of ['en', 'fr'] as const) {
      for (const message of Object.values(fieldErrorMessages(locale, errors)))
        expect(message).not.toMatch(/\{\w+\}/);
    }
    expect(REPORT_ERROR_CODES).toContain('audience_leak');
  });
});

describe('validateReport: random input', () => {
  it('never throws and only answers with known codes', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.lorem({ maxCount: 60 }),
      fc.constant(JUSTIFICATION_EN),
    );
    const anything = fc.oneof(text, fc.integer(), fc.constant(null), fc.boolean());
    const content = fc.record({
      criteria: fc.dictionary(
        fc.constantFrom('api', 'security', 'tests', 'constructor', 'design'),
        fc.record({ verdict: fc.constantFrom('met', 'not_met', null, 'maybe'), comment: text }),
      ),
      outcome: fc.constantFrom('approved', 'conditional', 'to_rework', null, 'great'),
      strengths: text,
      improvements: text,
      mentorNote: text,
      juryJustification: anything,
      readinessDoubt: fc.oneof(fc.boolean(), fc.constant('yes')),
      doubtNote: text,
      commonMistakes: text,
      materialSuggestions: text,
    });
    fc.assert(
      fc.property(content, fc.boolean(), (input, partial) => {
        const result = validateReport(input as unknown as ReportContent, RUBRIC, {
          partial,
          names: ['Camille Dubois'],
        });
        if (!result.ok) for (const error of result.errors) expect(REPORT_ERROR_CODES).toContain(error.code);
      }),
      { numRuns: 500 },
    );
  });
});
