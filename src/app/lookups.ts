/** Loads that fail with the right coded error when the thing does not exist. */
import { DeskError } from '../domain/errors.ts';
import type { Evaluation, Person, Project, Student } from '../domain/model.ts';
import type { StoreTx } from '../ports/store.ts';

export async function requireStudent(tx: StoreTx, id: string): Promise<Student> {
  const student = await tx.people.getStudent(id);
  if (!student) throw new DeskError('student_not_found', { id }, 'student');
  return student;
}

export async function requireProject(tx: StoreTx, id: string): Promise<Project> {
  const project = await tx.org.getProject(id);
  if (!project) throw new DeskError('project_not_found', { id }, 'project');
  return project;
}

export async function requirePerson(tx: StoreTx, id: string): Promise<Person> {
  const person = await tx.people.getPerson(id);
  if (!person) throw new DeskError('person_not_found', { id }, 'assessor');
  return person;
}

export async function requireEvaluation(tx: StoreTx, id: string): Promise<Evaluation> {
  const evaluation = await tx.evaluations.get(id.trim().toUpperCase());
  if (!evaluation) throw new DeskError('evaluation_not_found', { id }, 'evaluation');
  return evaluation;
}

/** Saves a changed evaluation, bumping its version; a concurrent writer makes it fail cleanly. */
export async function saveEvaluation(tx: StoreTx, evaluation: Evaluation, now: Date): Promise<Evaluation> {
  const next = { ...evaluation, version: evaluation.version + 1, updatedAt: now };
  if (!(await tx.evaluations.update(next))) throw new DeskError('concurrent_update', { id: evaluation.id });
  return next;
}

/** The organisation's time zone (from its file), for dates shown to people; UTC before any import. */
export async function organisationTimeZone(tx: StoreTx): Promise<string> {
  return (await tx.org.getSettings())?.timezone ?? 'UTC';
}
