/**
 * Who may run which command (DESIGN §3) and who may see which student. The command registry checks
 * {@link authorize} before parsing options; a refusal is shown ephemerally and audited.
 */
import { DeskError } from './errors.ts';
import type { Person, Role, Student } from './model.ts';
import { ROLES } from './model.ts';

const ASSESS: readonly Role[] = ['assessor', 'admin'];
const MENTOR: readonly Role[] = ['mentor', 'coordinator', 'admin'];
const JURY: readonly Role[] = ['jury', 'coordinator', 'admin'];
const EVALUATION: readonly Role[] = ['coordinator', 'admin'];

/**
 * The roles allowed to run each command, by command path (`'<command> <subcommand>'`). Admins may run
 * everything; `assess help` is open to everyone registered; `assess curriculum` (the curriculum feedback
 * on a project) serves both the assessors and the curriculum team.
 */
export const COMMAND_ROLES = {
  'assess queue': ASSESS,
  'assess report': ASSESS,
  'assess accept': ASSESS,
  'assess decline': ASSESS,
  'assess claim': ASSESS,
  'assess schedule': ASSESS,
  'assess decide': ASSESS,
  'assess availability': ASSESS,
  'assess curriculum': ['assessor', 'curriculum', 'admin'],
  'assess help': ROLES,
  'mentor students': MENTOR,
  'mentor student': MENTOR,
  'curriculum digest': ['curriculum', 'coordinator', 'admin'],
  'jury dossier': JURY,
  'jury status': JURY,
  'evaluation request': EVALUATION,
  'evaluation reassign': EVALUATION,
  'evaluation cancel': EVALUATION,
  'evaluation list': EVALUATION,
} as const satisfies Record<string, readonly Role[]>;

/** A command path such as `'assess report'`. */
export type CommandPath = keyof typeof COMMAND_ROLES;

/** Every command path, in the order of DESIGN §3. */
export const COMMAND_PATHS = Object.keys(COMMAND_ROLES) as CommandPath[];

/** True when `path` names a command of the product. */
export function isCommandPath(path: string): path is CommandPath {
  return Object.hasOwn(COMMAND_ROLES, path);
}

/** The roles allowed to run a command. */
export function rolesFor(command: CommandPath): readonly Role[] {
  return COMMAND_ROLES[command];
}

export type Authorization = { ok: true } | { ok: false; error: DeskError };

/**
 * Whether `person` may run `command`. A refusal carries a `forbidden` error whose params name the
 * command (`/assess report`), the roles allowed and the person's roles (role ids, comma-separated).
 */
export function authorize(person: Pick<Person, 'roles'>, command: CommandPath): Authorization {
  const allowed: readonly Role[] = COMMAND_ROLES[command];
  if (person.roles.some((role) => allowed.includes(role))) return { ok: true };
  return {
    ok: false,
    error: new DeskError('forbidden', {
      command: `/${command}`,
      roles: allowed.join(', '),
      yours: person.roles.join(', '),
    }),
  };
}

/**
 * Whether `person` may see a student's reports and progress. Coordinators, the jury and admins see
 * every student; a mentor sees their own students; an assessor sees the students of the evaluations
 * assigned to them (`assessedStudents`). The curriculum team works on anonymised data and sees none.
 */
export function canSeeStudent(
  person: Pick<Person, 'id' | 'roles'>,
  student: Pick<Student, 'id' | 'mentor'>,
  assessedStudents: readonly string[] = [],
): boolean {
  const sees: Record<Role, boolean> = {
    admin: true,
    coordinator: true,
    jury: true,
    mentor: student.mentor === person.id,
    assessor: assessedStudents.includes(student.id),
    curriculum: false,
  };
  return person.roles.some((role) => sees[role]);
}
