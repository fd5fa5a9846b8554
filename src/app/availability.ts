/** `/assess availability` and `/assess schedule`: an assessor's capacity, absences and soutenance times. */
import { DeskError } from '../domain/errors.ts';
import type { Absence, Evaluation, Person } from '../domain/model.ts';
import type { AppContext } from './context.ts';
import { audit } from './effects.ts';
import { requireEvaluation, requirePerson, saveEvaluation } from './lookups.ts';
import { scheduleReportDue } from './respond-to-offer.ts';

export type AvailabilityChange = { capacity?: number; awayFrom?: string; awayTo?: string };

/**
 * Sets the weekly capacity and/or adds an absence (`awayFrom`..`awayTo`, inclusive; one day when
 * `awayTo` is omitted). Absences that ended before today are dropped. Returns the updated person.
 */
export async function setAvailability(
  ctx: AppContext,
  input: { person: Person; change: AvailabilityChange },
): Promise<Person> {
  const { change } = input;
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const today = now.toISOString().slice(0, 10);
    const person = await requirePerson(tx, input.person.id);
    let absences: Absence[] | undefined;
    if (change.awayFrom !== undefined || change.awayTo !== undefined) {
      const from = change.awayFrom ?? today;
      const to = change.awayTo ?? from;
      if (to < from)
        throw new DeskError('invalid_input', { field: 'away-to', problem: `${to} < ${from}` }, 'away-to');
      absences = [...person.absences.filter((a) => a.to >= today), { from, to }];
    }
    await tx.people.updateAvailability(person.id, {
      ...(change.capacity !== undefined ? { capacity: change.capacity } : {}),
      ...(absences ? { absences } : {}),
    });
    await audit(tx, now, { type: 'person', person }, 'availability.set', person.id, { ...change });
    return { ...person, capacity: change.capacity ?? person.capacity, absences: absences ?? person.absences };
  });
}

/** `/assess schedule <evaluation> <when>`: sets the soutenance time; the report is due 48 h after it. */
export async function scheduleSoutenance(
  ctx: AppContext,
  input: { evaluation: string; person: Person; when: Date },
): Promise<Evaluation> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const evaluation = await requireEvaluation(tx, input.evaluation);
    if (evaluation.assessor !== input.person.id) {
      throw new DeskError('not_your_evaluation', { id: evaluation.id }, 'evaluation');
    }
    if (evaluation.status !== 'accepted') {
      throw new DeskError('illegal_transition', {
        id: evaluation.id,
        from: evaluation.status,
        event: 'schedule',
      });
    }
    // Reminders keyed on the old due date find it changed when they fire and do nothing.
    const dueAt = await scheduleReportDue(ctx, tx, evaluation, input.when);
    const saved = await saveEvaluation(tx, { ...evaluation, scheduledAt: input.when, dueAt }, now);
    await audit(tx, now, { type: 'person', person: input.person }, 'evaluation.schedule', evaluation.id, {
      at: input.when.toISOString(),
    });
    return saved;
  });
}
