/** `/jury dossier` and `/curriculum digest`: background work asked for on demand. */
import type { Actor, AppContext } from './context.ts';
import { audit, enqueue } from './effects.ts';
import { requireProject, requireStudent } from './lookups.ts';

/** Queues the compilation of a student's jury dossier; returns the request key (for `/jury status`). */
export async function requestDossier(
  ctx: AppContext,
  input: { student: string; actor: Actor },
): Promise<string> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const student = await requireStudent(tx, input.student);
    const key = `dossier.${student.id}.request-${now.getTime()}`;
    await enqueue(tx, 'dossier', 'compile-dossier', key, { student: student.id, reason: 'requested' });
    await audit(tx, now, input.actor, 'dossier.request', student.id);
    return key;
  });
}

/** Queues a curriculum digest for one project (or all) over the period since `since`. */
export async function requestDigest(
  ctx: AppContext,
  input: { project?: string; since?: Date; actor: Actor },
): Promise<string> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    if (input.project) await requireProject(tx, input.project);
    const key = `digest.${input.project ?? 'all'}.request-${now.getTime()}`;
    await enqueue(tx, 'digest', 'curriculum-digest', key, {
      project: input.project ?? null,
      since: input.since?.toISOString() ?? null,
      until: now.toISOString(),
      reason: 'requested',
    });
    await audit(tx, now, input.actor, 'digest.request', input.project ?? null);
    return key;
  });
}
