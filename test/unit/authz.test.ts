import { describe, expect, it } from 'vitest';
import { authorize, COMMAND_PATHS, type CommandPath, canSeeStudent } from '../../src/domain/authz.ts';
import { t } from '../../src/domain/catalog/index.ts';
import { ROLES, type Role } from '../../src/domain/model.ts';

const Y = true;
const N = false;

/** Who may run what, written out by hand from DESIGN §3: assessor, mentor, curriculum, jury, coordinator, admin. */
const EXPECTED: Record<CommandPath, [boolean, boolean, boolean, boolean, boolean, boolean]> = {
  'assess queue': [Y, N, N, N, N, Y],
  'assess report': [Y, N, N, N, N, Y],
  'assess accept': [Y, N, N, N, N, Y],
  'assess decline': [Y, N, N, N, N, Y],
  'assess claim': [Y, N, N, N, N, Y],
  'assess schedule': [Y, N, N, N, N, Y],
  'assess decide': [Y, N, N, N, N, Y],
  'assess availability': [Y, N, N, N, N, Y],
  'assess curriculum': [Y, N, Y, N, N, Y],
  'assess help': [Y, Y, Y, Y, Y, Y],
  'mentor students': [N, Y, N, N, Y, Y],
  'mentor student': [N, Y, N, N, Y, Y],
  'curriculum digest': [N, N, Y, N, Y, Y],
  'jury dossier': [N, N, N, Y, Y, Y],
  'jury status': [N, N, N, Y, Y, Y],
  'evaluation request': [N, N, N, N, Y, Y],
  'evaluation reassign': [N, N, N, N, Y, Y],
  'evaluation cancel': [N, N, N, N, Y, Y],
  'evaluation list': [N, N, N, N, Y, Y],
};

describe('authorize', () => {
  it('knows exactly the commands of DESIGN §3', () => {
    expect([...COMMAND_PATHS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = COMMAND_PATHS.flatMap((command) =>
    ROLES.map((role, index) => ({ command, role, allowed: EXPECTED[command][index] })),
  );

  it.each(cases)('$role running /$command: allowed=$allowed', ({ command, role, allowed }) => {
    expect(authorize({ roles: [role] }, command).ok).toBe(allowed);
  });

  it('allows a person with several roles whatever role grants it', () => {
    const both: Role[] = ['mentor', 'assessor'];
    expect(authorize({ roles: both }, 'assess report').ok).toBe(true);
    expect(authorize({ roles: both }, 'mentor students').ok).toBe(true);
    expect(authorize({ roles: both }, 'jury dossier').ok).toBe(false);
  });

  it('explains a refusal with the command, the roles allowed and the person’s roles', () => {
    const result = authorize({ roles: ['mentor'] }, 'jury dossier');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('forbidden');
    expect(result.error.params).toEqual({
      command: '/jury dossier',
      roles: 'jury, coordinator, admin',
      yours: 'mentor',
    });
    expect(t('en', 'error.forbidden', result.error.params)).toBe(
      'The command /jury dossier is for the jury, coordinator, admin role(s); you have mentor.',
    );
  });
});

describe('canSeeStudent', () => {
  const student = { id: 'lea', mentor: 'marc' };

  it('lets a mentor see only their own students', () => {
    expect(canSeeStudent({ id: 'marc', roles: ['mentor'] }, student)).toBe(true);
    expect(canSeeStudent({ id: 'nina', roles: ['mentor'] }, student)).toBe(false);
  });

  it('lets coordinators, the jury and admins see every student', () => {
    for (const role of ['coordinator', 'jury', 'admin'] as const) {
      expect(canSeeStudent({ id: 'someone', roles: [role] }, student)).toBe(true);
    }
  });

  it('lets an assessor see only the students of evaluations assigned to them', () => {
    const assessor = { id: 'paul', roles: ['assessor' as const] };
    expect(canSeeStudent(assessor, student, ['lea', 'tom'])).toBe(true);
    expect(canSeeStudent(assessor, student, ['tom'])).toBe(false);
    expect(canSeeStudent(assessor, student)).toBe(false);
  });

  it('keeps students hidden from the curriculum team, which works on anonymised data', () => {
    expect(canSeeStudent({ id: 'cleo', roles: ['curriculum'] }, student)).toBe(false);
  });
});
