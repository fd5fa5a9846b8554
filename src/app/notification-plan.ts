/**
 * What a notification says and to whom: loads what it needs from the store and returns one planned
 * message per recipient, each built later in that recipient's locale. Delivery (platforms,
 * idempotency, refusals) is `deliver-notification.ts`'s business.
 */
import { assign } from '../domain/assignment.ts';
import {
  ChannelPurpose,
  type ChannelRef,
  type Evaluation,
  type Locale,
  type Person,
  type PlatformIdentities,
  type Student,
} from '../domain/model.ts';
import { type Notification, notificationKey } from '../domain/notifications.ts';
import type { Store } from '../ports/store.ts';
import {
  type DoubtEntry,
  deliveryFailedMessage,
  doubtAlertMessage,
  noAssessorMessage,
  type UnreachableTarget,
} from '../views/messages/coordinator-messages.ts';
import type { ReaderContext } from '../views/messages/message-format.ts';
import {
  closedOfferMessage,
  type OfferMessageInput,
  offerMessage,
} from '../views/messages/offer-messages.ts';
import {
  decisionNeededMessage,
  type EvaluationSummary,
  evaluationWithdrawnMessage,
  reportOverdueMessage,
  reportReminderMessage,
} from '../views/messages/reminder-messages.ts';
import {
  mentorSummaryMessage,
  type OpenWindow,
  type ReportMessageInput,
  studentFeedbackMessage,
} from '../views/messages/report-messages.ts';
import type { MessageView } from '../views/view-model.ts';
import type { AppContext } from './context.ts';
import { PermanentJobError } from './job-definition.ts';
import { assignmentRequest, eligibilityContext } from './offer-next.ts';

/** Someone a message goes to: a person or student on their platforms, or one of the organisation's channels. */
export type Recipient =
  | { kind: 'person'; id: string; name: string; locale: Locale; platforms: PlatformIdentities }
  | { kind: 'channel'; purpose: ChannelPurpose; ids: ChannelRef };

/** One message of a notification, for one recipient. */
export type PlannedMessage = {
  to: Recipient;
  /** Builds the message for its reader (locale, timezone). */
  build(reader: ReaderContext): MessageView;
  /** Remember where the message went under this subject, so a later notification can update it. */
  remember?: string;
  /** Update the message remembered under this subject instead of sending a new one. */
  replaces?: string;
};

/** The id a recipient goes by in delivery keys and records: the person id, or `#<purpose>` for a channel. */
export function recipientId(recipient: Recipient): string {
  return recipient.kind === 'person' ? recipient.id : `#${recipient.purpose}`;
}

function personRecipient(person: Person | Student): Recipient {
  return {
    kind: 'person',
    id: person.id,
    name: person.name,
    locale: person.locale,
    platforms: person.platforms,
  };
}

async function channel(store: Store, purpose: ChannelPurpose): Promise<Recipient> {
  const channels = await store.org.getChannels();
  return { kind: 'channel', purpose, ids: channels[purpose] };
}

/** Data a notification refers to must exist: rows are never deleted, so a miss is not worth retrying. */
async function need<T>(found: Promise<T | null>, what: string, id: string): Promise<T> {
  const value = await found;
  if (value === null) throw new PermanentJobError('not_found', `${what} ${id} not found`);
  return value;
}

type Loaded = {
  evaluation: Evaluation;
  student: Student;
  summary: EvaluationSummary;
  rubric: ReportMessageInput['rubric'];
};

async function loadEvaluation(store: Store, id: string): Promise<Loaded> {
  const evaluation = await need(store.evaluations.get(id), 'evaluation', id);
  const student = await need(store.people.getStudent(evaluation.student), 'student', evaluation.student);
  const project = await need(store.org.getProject(evaluation.project), 'project', evaluation.project);
  return {
    evaluation,
    student,
    rubric: project.rubric,
    summary: {
      id: evaluation.id,
      attempt: evaluation.attempt,
      studentName: student.name,
      projectName: project.name,
    },
  };
}

async function nameOf(store: Store, id: string): Promise<string> {
  return (await store.people.getPerson(id))?.name ?? (await store.people.getStudent(id))?.name ?? id;
}

async function offerPlan(ctx: AppContext, offerId: string, closed: boolean): Promise<PlannedMessage[]> {
  const { store, policy } = ctx;
  const offer = await need(store.offers.get(offerId), 'offer', offerId);
  const { evaluation, summary } = await loadEvaluation(store, offer.evaluation);
  const assessor = await need(store.people.getPerson(offer.assessor), 'person', offer.assessor);
  const manual = offer.explanation.manual;
  const input: OfferMessageInput = {
    offer,
    attempt: evaluation.attempt,
    scheduledAt: evaluation.scheduledAt,
    studentName: summary.studentName,
    projectName: summary.projectName,
    reportDueHours: policy.reportDueHours,
    recentLoadDays: policy.recentLoadDays,
    ...(manual ? { manualByName: await nameOf(store, manual.by) } : {}),
  };
  const subject = notificationKey({ type: 'offer', offer: offer.id });
  // An offer answered before its DM went out is sent already closed.
  const build = (reader: ReaderContext) =>
    offer.status === 'pending' && !closed ? offerMessage(input, reader) : closedOfferMessage(input, reader);
  const to = personRecipient(assessor);
  return [closed ? { to, build, replaces: subject } : { to, build, remember: subject }];
}

function openWindow(evaluation: Evaluation): OpenWindow | null {
  if (!evaluation.windowEndsAt) return null;
  if (evaluation.status === 'awaiting_resubmission')
    return { kind: 'resubmission', endsAt: evaluation.windowEndsAt };
  if (evaluation.status === 'conditional') return { kind: 'decision', endsAt: evaluation.windowEndsAt };
  return null;
}

async function reportInput(
  ctx: AppContext,
  evaluationId: string,
  version: number,
): Promise<{ input: ReportMessageInput; student: Student }> {
  const { store } = ctx;
  const { evaluation, student, summary, rubric } = await loadEvaluation(store, evaluationId);
  const report = (await store.reports.versions(evaluation.id)).find((r) => r.version === version);
  if (!report) throw new PermanentJobError('not_found', `report ${evaluation.id} v${version} not found`);
  const input: ReportMessageInput = {
    evaluation: { id: evaluation.id, attempt: evaluation.attempt },
    studentName: summary.studentName,
    projectName: summary.projectName,
    rubric,
    assessorName: await nameOf(store, report.author),
    report,
    window: openWindow(evaluation),
    conditionalWindowHours: ctx.policy.conditionalWindowHours,
  };
  if (evaluation.attempt > 1) {
    const attempt = evaluation.attempt - 1;
    const before = (await store.evaluations.list({ student: student.id, project: evaluation.project })).find(
      (e) => e.attempt === attempt,
    );
    input.previous = { attempt, report: before ? await store.reports.latest(before.id) : null };
  }
  return { input, student };
}

async function doubtAlertPlan(ctx: AppContext, studentId: string): Promise<PlannedMessage[]> {
  const { store } = ctx;
  const student = await need(store.people.getStudent(studentId), 'student', studentId);
  const mentor = await store.people.getPerson(student.mentor);
  const doubts: DoubtEntry[] = [];
  for (const report of await store.reports.list({ student: student.id })) {
    if (!report.content.readinessDoubt) continue;
    const evaluation = await store.evaluations.get(report.evaluation);
    const project = evaluation ? await store.org.getProject(evaluation.project) : null;
    doubts.push({
      projectName: project?.name ?? evaluation?.project ?? report.evaluation,
      attempt: evaluation?.attempt ?? 1,
      submittedAt: report.submittedAt,
    });
  }
  const input = { studentName: student.name, mentorName: mentor?.name ?? student.mentor, doubts };
  const plan: PlannedMessage[] = [];
  if (mentor) {
    plan.push({
      to: personRecipient(mentor),
      build: (reader) => doubtAlertMessage({ ...input, audience: 'mentor' }, reader),
    });
  }
  plan.push({
    to: await channel(store, 'coordinators'),
    build: (reader) => doubtAlertMessage({ ...input, audience: 'coordinator' }, reader),
  });
  return plan;
}

async function noAssessorPlan(ctx: AppContext, evaluationId: string): Promise<PlannedMessage[]> {
  const { store } = ctx;
  const { evaluation, summary } = await loadEvaluation(store, evaluationId);
  // Claimed or assigned since: the coordinators need not hear about it any more.
  if (evaluation.status !== 'requested' || evaluation.assessor !== null) return [];
  const candidates = await store.people.listPeople({ role: 'assessor' });
  const decision = assign(
    await assignmentRequest(store, evaluation),
    candidates,
    await eligibilityContext(ctx, store, evaluation, ctx.clock.now()),
  );
  const rejected = decision.ok ? [] : decision.rejected;
  return [
    {
      to: await channel(store, 'coordinators'),
      build: (reader) =>
        noAssessorMessage({ evaluation: summary, candidates: candidates.length, rejected }, reader),
    },
  ];
}

async function assessorOf(store: Store, evaluation: Evaluation): Promise<Person | null> {
  return evaluation.assessor ? store.people.getPerson(evaluation.assessor) : null;
}

async function reportDuePlan(
  ctx: AppContext,
  evaluationId: string,
  overdue: boolean,
): Promise<PlannedMessage[]> {
  const { store } = ctx;
  const { evaluation, summary } = await loadEvaluation(store, evaluationId);
  const assessor = await assessorOf(store, evaluation);
  const dueAt = evaluation.dueAt;
  // Submitted or withdrawn since the reminder fired: nothing to say.
  if (evaluation.status !== 'accepted' || !assessor || !dueAt) return [];
  if (!overdue) {
    return [
      {
        to: personRecipient(assessor),
        build: (reader) => reportReminderMessage({ evaluation: summary, dueAt }, reader),
      },
    ];
  }
  return [
    {
      to: await channel(store, 'coordinators'),
      build: (reader) =>
        reportOverdueMessage({ evaluation: summary, dueAt, assessorName: assessor.name }, reader),
    },
  ];
}

async function decisionPlan(
  ctx: AppContext,
  evaluationId: string,
  lapsed: boolean,
): Promise<PlannedMessage[]> {
  const { store } = ctx;
  const { evaluation, summary } = await loadEvaluation(store, evaluationId);
  const assessor = await assessorOf(store, evaluation);
  if (!assessor) return [];
  let reason: 'resubmitted' | 'lapsed_no_upload' | 'lapsed_decision';
  if (evaluation.status === 'conditional') reason = lapsed ? 'lapsed_decision' : 'resubmitted';
  else if (evaluation.status === 'awaiting_resubmission' && lapsed) reason = 'lapsed_no_upload';
  else return []; // Decided since.
  const date = evaluation.windowEndsAt ?? ctx.clock.now();
  return [
    {
      to: personRecipient(assessor),
      build: (reader) => decisionNeededMessage({ evaluation: summary, reason, date }, reader),
    },
  ];
}

async function withdrawnPlan(
  ctx: AppContext,
  evaluationId: string,
  assessorId: string,
): Promise<PlannedMessage[]> {
  const { store } = ctx;
  const { evaluation, summary } = await loadEvaluation(store, evaluationId);
  const assessor = await store.people.getPerson(assessorId);
  if (!assessor) return [];
  const cancelled = evaluation.status === 'cancelled';
  return [
    {
      to: personRecipient(assessor),
      build: (reader) => evaluationWithdrawnMessage({ evaluation: summary, cancelled }, reader),
    },
  ];
}

async function deliveryFailedPlan(
  ctx: AppContext,
  n: Extract<Notification, { type: 'delivery_failed' }>,
): Promise<PlannedMessage[]> {
  const { store } = ctx;
  const purpose = ChannelPurpose.safeParse(n.recipient.replace(/^#/, ''));
  const target: UnreachableTarget =
    n.recipient.startsWith('#') && purpose.success
      ? { kind: 'channel', purpose: purpose.data }
      : { kind: 'person', name: await nameOf(store, n.recipient) };
  return [
    {
      to: await channel(store, 'coordinators'),
      build: (reader) => deliveryFailedMessage({ target, platform: n.platform, code: n.code }, reader),
    },
  ];
}

/** The messages a notification sends, one per recipient; empty when its reason went away. */
export async function planNotification(ctx: AppContext, n: Notification): Promise<PlannedMessage[]> {
  const { store } = ctx;
  switch (n.type) {
    case 'offer':
    case 'offer_closed':
      return offerPlan(ctx, n.offer, n.type === 'offer_closed');
    case 'mentor_summary': {
      const { input, student } = await reportInput(ctx, n.evaluation, n.version);
      const mentor = await store.people.getPerson(student.mentor);
      if (!mentor) return [];
      return [{ to: personRecipient(mentor), build: (reader) => mentorSummaryMessage(input, reader) }];
    }
    case 'student_feedback': {
      const { input, student } = await reportInput(ctx, n.evaluation, n.version);
      return [{ to: personRecipient(student), build: (reader) => studentFeedbackMessage(input, reader) }];
    }
    case 'doubt_alert':
      return doubtAlertPlan(ctx, n.student);
    case 'no_assessor':
      return noAssessorPlan(ctx, n.evaluation);
    case 'report_reminder':
    case 'report_overdue':
      return reportDuePlan(ctx, n.evaluation, n.type === 'report_overdue');
    case 'decision_needed':
      return decisionPlan(ctx, n.evaluation, n.lapsed);
    case 'evaluation_withdrawn':
      return withdrawnPlan(ctx, n.evaluation, n.assessor);
    case 'delivery_failed':
      return deliveryFailedPlan(ctx, n);
  }
}
