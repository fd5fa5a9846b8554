/** Read-side use cases: an assessor's queue, a mentor's students. */
import { canSeeStudent } from '../domain/authz.ts';
import { DeskError } from '../domain/errors.ts';
import { WAITING_STATUSES } from '../domain/lifecycle.ts';
import type { Draft, Evaluation, Offer, Person, Report, Student } from '../domain/model.ts';
import type { AppContext } from './context.ts';
import { requireStudent } from './lookups.ts';

export type AssessorQueue = {
  /** Offers waiting for this assessor's answer. */
  offers: { evaluation: Evaluation; offer: Offer }[];
  /** Accepted evaluations whose report is not submitted, soonest due first. */
  toReport: { evaluation: Evaluation; draft: Draft | null }[];
  /** Conditional evaluations waiting for this assessor's decision. */
  toDecide: Evaluation[];
  /** Requests waiting for any assessor (the `/assess claim` pool). */
  waiting: number;
};

export async function assessorQueue(ctx: AppContext, person: Person): Promise<AssessorQueue> {
  const store = ctx.store;
  const mine = await store.evaluations.list({ assessor: person.id });
  // One read each for the offers and the drafts, whatever the length of the queue.
  const pending = new Map((await store.offers.pendingTo(person.id)).map((o) => [o.evaluation, o]));
  const offers: AssessorQueue['offers'] = [];
  for (const evaluation of mine.filter((e) => e.status === 'offered')) {
    const offer = pending.get(evaluation.id);
    if (offer) offers.push({ evaluation, offer });
  }
  const writing = mine.some((e) => e.status === 'accepted');
  const drafts = new Map(
    (writing ? await store.reports.draftsBy(person.id) : []).map((d) => [d.evaluation, d]),
  );
  const toReport: AssessorQueue['toReport'] = [];
  for (const evaluation of mine.filter((e) => e.status === 'accepted')) {
    toReport.push({ evaluation, draft: drafts.get(evaluation.id) ?? null });
  }
  toReport.sort((a, b) => (a.evaluation.dueAt?.getTime() ?? 0) - (b.evaluation.dueAt?.getTime() ?? 0));
  const toDecide = mine.filter((e) => e.status === 'conditional' || e.status === 'awaiting_resubmission');
  const waiting = await store.evaluations.count({ status: [...WAITING_STATUSES] });
  return { offers, toReport, toDecide, waiting };
}

export type StudentOverview = { student: Student; evaluations: Evaluation[] };

/** `/mentor students`: the mentor's own students with their evaluations (coordinators see everyone). */
export async function mentorStudents(ctx: AppContext, person: Person): Promise<StudentOverview[]> {
  const all = person.roles.includes('coordinator') || person.roles.includes('admin');
  const students = await ctx.store.people.listStudents(all ? {} : { mentor: person.id });
  const result: StudentOverview[] = [];
  for (const student of students) {
    result.push({ student, evaluations: await ctx.store.evaluations.list({ student: student.id }) });
  }
  return result;
}

export type StudentDetail = StudentOverview & { reports: Report[] };

/** `/mentor student <id>`: one student's evaluations and latest reports; only for those allowed to see them. */
export async function mentorStudent(
  ctx: AppContext,
  person: Person,
  studentId: string,
): Promise<StudentDetail> {
  const student = await requireStudent(ctx.store, studentId);
  // The role allows the command; this student is someone else's (a mentor sees only their own).
  if (!canSeeStudent(person, student)) throw new DeskError('not_your_student', { id: student.id });
  const evaluations = await ctx.store.evaluations.list({ student: student.id });
  const reports = await ctx.store.reports.list({ student: student.id });
  return { student, evaluations, reports };
}
