/** An evaluation request from a slash command, the HTTP API or the CLI (DESIGN §2.1). */
import { DeskError } from '../domain/errors.ts';
import { isOpen } from '../domain/lifecycle.ts';
import type { Evaluation, Offer } from '../domain/model.ts';
import { type Actor, type AppContext, actorId } from './context.ts';
import { audit } from './effects.ts';
import { requireProject, requireStudent } from './lookups.ts';
import { offerNext } from './offer-next.ts';

export type RequestResult = { evaluation: Evaluation; offer: Offer | null };

/**
 * Creates the next attempt of `project` for `student` and offers it to the best eligible assessor
 * (or leaves it waiting). Refuses a project outside the student's path and a second open request.
 */
export async function requestEvaluation(
  ctx: AppContext,
  input: { student: string; project: string; actor: Actor },
): Promise<RequestResult> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const student = await requireStudent(tx, input.student.trim().toLowerCase());
    const project = await requireProject(tx, input.project.trim().toLowerCase());
    const path = await tx.org.getPath(student.path);
    if (!path?.projects.includes(project.id)) {
      throw new DeskError('project_not_in_path', { project: project.id, student: student.id }, 'project');
    }
    const existing = await tx.evaluations.list({ student: student.id, project: project.id });
    const open = existing.find((e) => isOpen(e.status));
    if (open) throw new DeskError('already_open', { student: student.id, project: project.id, id: open.id });
    const evaluation: Evaluation = {
      id: await tx.evaluations.nextId(),
      student: student.id,
      project: project.id,
      attempt: (await tx.evaluations.lastAttempt(student.id, project.id)) + 1,
      status: 'requested',
      assessor: null,
      requestedBy: actorId(input.actor),
      requestedAt: now,
      scheduledAt: null,
      acceptedAt: null,
      dueAt: null,
      submittedAt: null,
      windowEndsAt: null,
      outcome: null,
      version: 0,
      updatedAt: now,
    };
    await tx.evaluations.insert(evaluation);
    await audit(tx, now, input.actor, 'evaluation.request', evaluation.id, {
      student: student.id,
      project: project.id,
      attempt: evaluation.attempt,
    });
    const { evaluation: assigned, nextOffer } = await offerNext(ctx, tx, evaluation, now);
    return { evaluation: assigned, offer: nextOffer };
  });
}
