import { describe, expect, it } from 'vitest';
import {
  AUDIENCE_OF_FIELD,
  anonymiseText,
  audienceOfField,
  curriculumFeedbackIsAnonymous,
  detectAudienceLeaks,
  isCopied,
  namesIn,
  normaliseText,
  readersOfField,
} from '../../src/domain/audience-leak.ts';
import { emptyReportContent, type ReportContent } from '../../src/domain/model.ts';

const JURY_EN =
  'Approved. The REST API covers every endpoint of the brief and the student defended each design choice clearly. ' +
  'Passwords are hashed with bcrypt, tokens expire after fifteen minutes, and every route validates its input with a schema. ' +
  'The test suite exercises the main flows and the error cases; coverage is above eighty percent.';

const JURY_FR =
  "Projet validé. L'application respecte l'ensemble des critères de la grille : l'architecture en couches est cohérente, " +
  "les requêtes SQL sont paramétrées et les tests couvrent les cas d'erreur. Pendant la soutenance, l'étudiante a justifié " +
  'le choix de PostgreSQL plutôt que MongoDB avec des arguments précis sur les transactions et l’intégrité des données.';

function report(fields: Partial<ReportContent>): ReportContent {
  return { ...emptyReportContent(), ...fields };
}

describe('normaliseText', () => {
  it('folds case, accents, ligatures and punctuation', () => {
    expect(normaliseText("  L’Étudiante a TRÈS bien géré l'œuvre — vraiment !  ")).toBe(
      'l etudiante a tres bien gere l oeuvre vraiment',
    );
  });
});

describe('who reads which field', () => {
  it('maps each free-text field to its audience', () => {
    expect(AUDIENCE_OF_FIELD.juryJustification).toEqual(['jury']);
    expect(AUDIENCE_OF_FIELD.doubtNote).toEqual(['mentor', 'jury']);
    expect(AUDIENCE_OF_FIELD.commonMistakes).toEqual(['curriculum']);
    expect(audienceOfField('criterion.security.comment')).toEqual(['student']);
    expect(audienceOfField('outcome')).toEqual([]);
  });

  it('lets the mentor and the jury read student feedback, but keeps jury and mentor text to themselves', () => {
    expect(readersOfField('strengths')).toEqual(['student', 'mentor', 'jury']);
    expect(readersOfField('juryJustification')).toEqual(['jury']);
    expect(readersOfField('mentorNote')).toEqual(['mentor']);
    expect(readersOfField('doubtNote')).toEqual(['mentor', 'jury']);
  });
});

describe('isCopied', () => {
  it('flags a jury sentence pasted inside longer student feedback (English)', () => {
    const improvements =
      'Your project is solid. To go further, look at your error handling: several controllers repeat the same ' +
      'try/catch blocks. Passwords are hashed with bcrypt, tokens expire after fifteen minutes, and every route ' +
      'validates its input with a schema. Next time, document the API with OpenAPI so others can use it.';
    expect(isCopied(JURY_EN, improvements)).toBe(true);
  });

  it('flags a jury sentence pasted inside longer student feedback (French)', () => {
    const improvements =
      'Pour progresser, travaille la lisibilité de ton code : certaines fonctions dépassent cent lignes. ' +
      "Pendant la soutenance, l'étudiante a justifié le choix de PostgreSQL plutôt que MongoDB avec des arguments " +
      'précis sur les transactions. Pense aussi à documenter l’installation dans le README.';
    expect(isCopied(JURY_FR, improvements)).toBe(true);
  });

  it('still flags a copy whose case, accents and punctuation were changed', () => {
    const shouted = JURY_FR.toUpperCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[,.:]/g, ';');
    expect(isCopied(JURY_FR, shouted)).toBe(true);
  });

  it('does not flag two texts written independently on the same project (English)', () => {
    const strengths =
      'You built a clean REST API: bcrypt for the passwords, short-lived tokens and schema validation on each route ' +
      'show that you take security seriously. Your tests cover both the happy paths and the failures.';
    expect(isCopied(JURY_EN, strengths)).toBe(false);
  });

  it('does not flag two texts written independently on the same project (French)', () => {
    const strengths =
      "Tu as fait des choix techniques solides : des requêtes paramétrées contre l'injection SQL, une architecture " +
      'claire en couches et des tests qui vérifient aussi les erreurs. Ta présentation du choix de PostgreSQL était ' +
      'convaincante, notamment sur les transactions.';
    expect(isCopied(JURY_FR, strengths)).toBe(false);
  });

  it('never counts short texts, even identical ones', () => {
    expect(isCopied('Good job on the tests, well done.', 'Good job on the tests, well done.')).toBe(false);
  });

  it('flags a short but complete paste of eight words or more', () => {
    const note = 'Needs support on asynchronous code before the next project.';
    expect(isCopied(note, `Common issue: ${note}`)).toBe(true);
  });
});

describe('detectAudienceLeaks', () => {
  it('flags the student field, not the jury field, when the justification is pasted into the feedback', () => {
    const leaks = detectAudienceLeaks(
      report({ juryJustification: JURY_EN, improvements: `Well done overall. ${JURY_EN} Keep it up.` }),
    );
    expect(leaks).toEqual([
      { field: 'improvements', code: 'audience_leak', params: { source: 'juryJustification' } },
    ]);
  });

  it('flags the curriculum feedback when the mentor note is pasted into it', () => {
    const mentorNote =
      'Camille progresses quickly but still copies patterns without understanding them; ask her to explain each ' +
      'line of her middleware before writing new code.';
    const leaks = detectAudienceLeaks(
      report({ mentorNote, commonMistakes: `Frequent problem this month. ${mentorNote}` }),
    );
    expect(leaks).toEqual([
      { field: 'commonMistakes', code: 'audience_leak', params: { source: 'mentorNote' } },
    ]);
  });

  it('flags a criterion comment that repeats the jury justification', () => {
    const comment =
      'Passwords are stored in plain text in the users table, which fails the security criterion.';
    const leaks = detectAudienceLeaks(
      report({
        criteria: { security: { verdict: 'not_met', comment } },
        juryJustification: `To rework. ${comment} The rest of the project is sound and the tests pass.`,
      }),
    );
    expect(leaks).toEqual([
      { field: 'criterion.security.comment', code: 'audience_leak', params: { source: 'juryJustification' } },
    ]);
  });

  it('flags both sides when mentor and jury text are the same', () => {
    const text =
      'The student hesitated on every question about asynchronous code and relied on the notes throughout.';
    const fields = detectAudienceLeaks(report({ mentorNote: text, juryJustification: text })).map(
      (l) => l.field,
    );
    expect(fields).toEqual(['mentorNote', 'juryJustification']);
  });

  it('flags the doubt note, read by the jury, when it repeats the mentor-only note', () => {
    const text = 'I doubt she is ready for the next project: she could not explain her own database schema.';
    const leaks = detectAudienceLeaks(report({ mentorNote: text, doubtNote: text }));
    expect(leaks.map((l) => [l.field, l.params.source])).toEqual([['doubtNote', 'mentorNote']]);
  });

  it('accepts the same text in two fields for the same reader', () => {
    const text = 'Your API is consistent and every endpoint returns the right status codes and error bodies.';
    expect(detectAudienceLeaks(report({ strengths: text, improvements: text }))).toEqual([]);
  });
});

describe('curriculum anonymity', () => {
  const names = ['Zoé Martin-Lefèvre', 'Will Turner'];

  it('finds a full name whatever its case and accents', () => {
    expect(
      curriculumFeedbackIsAnonymous('As zoe martin-lefevre showed, the joins chapter is unclear.', names),
    ).toBe(false);
  });

  it('finds a first name or surname written alone', () => {
    expect(namesIn('Like Zoé, several students forgot indexes.', names)).toEqual(['Zoé Martin-Lefèvre']);
    expect(namesIn('Turner mixed up joins and subqueries.', names)).toEqual(['Will Turner']);
  });

  it('does not mistake ordinary words for names', () => {
    expect(
      curriculumFeedbackIsAnonymous('Students will need more practice on joins and the martin gale.', names),
    ).toBe(true);
  });

  it('replaces names with a placeholder for the digest', () => {
    expect(anonymiseText('Zoé Martin-Lefèvre and Will forgot the indexes.', names, '[student]')).toBe(
      '[student] and [student] forgot the indexes.',
    );
  });
});
