/**
 * The school's model: organisation (paths, projects, rubrics, people, students, channels) and the
 * assessment workflow (evaluations, offers, reports, drafts). Zod schemas are the single source of
 * truth; the types are inferred from them.
 */
import { z } from 'zod';

/** An organisation-file identifier: lowercase letters, digits, `-`, `_` and `.`, as typed in commands. */
export const Id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "-" or "_"');

export const Locale = z.enum(['en', 'fr']);
export type Locale = z.infer<typeof Locale>;

export const ROLES = ['assessor', 'mentor', 'curriculum', 'jury', 'coordinator', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const PLATFORMS = ['slack', 'discord'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

/** ISO calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();

/** A person's accounts on the chat platforms; either, both or none. */
export const PlatformIdentities = z.object({
  slack: z.string().min(1).optional(),
  discord: z
    .string()
    .regex(/^\d{5,20}$/, 'a Discord user id is a number (snowflake)')
    .optional(),
});
export type PlatformIdentities = z.infer<typeof PlatformIdentities>;

/** A period during which an assessor takes no evaluation (inclusive dates). */
export const Absence = z
  .object({ from: IsoDate, to: IsoDate })
  .refine((a) => a.from <= a.to, { message: '"from" must not be after "to"', path: ['to'] });
export type Absence = z.infer<typeof Absence>;

export const Criterion = z.object({
  id: Id,
  title: z.string().min(1).max(150),
  description: z.string().max(500).optional(),
  /** The competency of the diploma this criterion evidences (rows of the jury's coverage matrix). */
  competency: z.string().min(1).max(100).optional(),
});
export type Criterion = z.infer<typeof Criterion>;

export const Project = z.object({
  id: Id,
  name: z.string().min(1).max(150),
  path: Id,
  /** When set, the assessor must speak this language (ISO 639-1, e.g. `fr`). */
  requiredLanguage: z.string().length(2).optional(),
  rubric: z.array(Criterion).min(1).max(30),
});
export type Project = z.infer<typeof Project>;

export const LearningPath = z.object({
  id: Id,
  name: z.string().min(1).max(150),
  /** Projects of the path in order; the path is complete when the last one is approved. */
  projects: z.array(Id).min(1),
});
export type LearningPath = z.infer<typeof LearningPath>;

export const Person = z.object({
  id: Id,
  name: z.string().min(1).max(150),
  roles: z.array(Role).min(1),
  locale: Locale.default('en'),
  /** Languages spoken (ISO 639-1). */
  languages: z.array(z.string().length(2)).default(['en']),
  platforms: PlatformIdentities.default({}),
  /** Projects this person is certified to assess. */
  certifications: z.array(Id).default([]),
  /** Evaluations per week this assessor accepts. */
  capacity: z.number().int().min(0).max(100).default(5),
  absences: z.array(Absence).default([]),
  /** Students this person must never assess (declared conflicts of interest). */
  conflicts: z.array(Id).default([]),
});
export type Person = z.infer<typeof Person>;

export const Student = z.object({
  id: Id,
  name: z.string().min(1).max(150),
  path: Id,
  mentor: Id,
  locale: Locale.default('en'),
  /** The language the student's soutenances must be held in, when it matters. */
  language: z.string().length(2).optional(),
  platforms: PlatformIdentities.default({}),
});
export type Student = z.infer<typeof Student>;

/** A channel on each platform where the product posts. */
export const ChannelRef = PlatformIdentities;
export type ChannelRef = z.infer<typeof ChannelRef>;

export const CHANNEL_PURPOSES = ['coordinators', 'curriculum', 'jury'] as const;
export const ChannelPurpose = z.enum(CHANNEL_PURPOSES);
export type ChannelPurpose = z.infer<typeof ChannelPurpose>;

export const Channels = z.object({
  coordinators: ChannelRef.default({}),
  curriculum: ChannelRef.default({}),
  jury: ChannelRef.default({}),
});
export type Channels = z.infer<typeof Channels>;

/** The whole organisation file once parsed (see `examples/org.demo.yaml`). */
export const Organisation = z.object({
  organisation: z.object({
    name: z.string().min(1),
    defaultLocale: Locale.default('en'),
    timezone: z.string().default('UTC'),
  }),
  paths: z.array(LearningPath).min(1),
  projects: z.array(Project).min(1),
  people: z.array(Person).min(1),
  students: z.array(Student).default([]),
  channels: Channels.default({ coordinators: {}, curriculum: {}, jury: {} }),
});
export type Organisation = z.infer<typeof Organisation>;

export const EVALUATION_STATUSES = [
  'requested',
  'offered',
  'accepted',
  'submitted',
  'approved',
  'conditional',
  'to_rework',
  'awaiting_resubmission',
  'declined',
  'expired',
  'cancelled',
] as const;
export const EvaluationStatus = z.enum(EVALUATION_STATUSES);
export type EvaluationStatus = z.infer<typeof EvaluationStatus>;

export const OUTCOMES = ['approved', 'conditional', 'to_rework'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/** Evaluation ids are short enough to type: `E-1042`. */
export const EvaluationId = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^E-\d{1,9}$/, 'an evaluation id looks like E-1042'));

export type Evaluation = {
  id: string;
  student: string;
  project: string;
  attempt: number;
  status: EvaluationStatus;
  /** The assessor holding the evaluation (offered to, or accepted by); null while waiting. */
  assessor: string | null;
  requestedBy: string | null;
  requestedAt: Date;
  /** The soutenance time, when set with `/assess schedule`. */
  scheduledAt: Date | null;
  acceptedAt: Date | null;
  /** When the report is due (48 h after the soutenance, or after acceptance). */
  dueAt: Date | null;
  submittedAt: Date | null;
  /** End of the current conditional window (re-upload or decision). */
  windowEndsAt: Date | null;
  outcome: Outcome | null;
  /** Optimistic-concurrency counter, bumped by every update. */
  version: number;
  updatedAt: Date;
};

export const OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const DECLINE_REASONS = ['unavailable', 'conflict_of_interest', 'not_competent', 'other'] as const;
export const DeclineReason = z.enum(DECLINE_REASONS);
export type DeclineReason = z.infer<typeof DeclineReason>;

/** Why the engine picked an assessor, shown in the offer DM and kept for audit. */
export type AssignmentExplanation = {
  assessor: string;
  /** Hard rules checked and passed, by rule id. */
  passed: HardRule[];
  load: { open: number; recent: number; total: number; capacity: number; weekOpen: number };
  /** True when the assessor has never assessed this student before. */
  fresh: boolean;
  /** Candidates not chosen, with the first rule that excluded them or the soft rule that ranked them lower. */
  others: { assessor: string; reason: HardRule | 'higher_load' | 'assessed_before' | 'tie_break' }[];
  /** Set when a coordinator chose the assessor by hand, with the hard rules knowingly overridden. */
  manual?: { by: string; overridden: HardRule[] };
};

export const HARD_RULES = [
  'certified',
  'not_mentor',
  'no_conflict',
  'not_away',
  'under_capacity',
  'speaks_language',
  'not_declined',
] as const;
export type HardRule = (typeof HARD_RULES)[number];

export type Offer = {
  id: string;
  evaluation: string;
  assessor: string;
  status: OfferStatus;
  explanation: AssignmentExplanation;
  createdAt: Date;
  expiresAt: Date;
  respondedAt: Date | null;
  declineReason: DeclineReason | null;
  declineNote: string | null;
};

export const CRITERION_VERDICTS = ['met', 'not_met'] as const;
export const CriterionVerdict = z.enum(CRITERION_VERDICTS);
export type CriterionVerdict = z.infer<typeof CriterionVerdict>;

/**
 * A report's content as the assessor fills it in. Every text field is addressed to one audience;
 * see `src/domain/report-rules.ts` for the rules and `AUDIENCE_OF_FIELD`.
 */
export type ReportContent = {
  criteria: Record<string, { verdict: CriterionVerdict | null; comment: string }>;
  outcome: Outcome | null;
  /** Student-facing. */
  strengths: string;
  /** Student-facing. */
  improvements: string;
  /** Mentor-facing. */
  mentorNote: string;
  /** Jury-facing. */
  juryJustification: string;
  readinessDoubt: boolean;
  /** Mentor- and jury-facing. */
  doubtNote: string;
  /** Curriculum-facing, anonymised. */
  commonMistakes: string;
  /** Curriculum-facing, anonymised. */
  materialSuggestions: string;
};

/** One saved version of a submitted report (amendments add versions). */
export type Report = {
  evaluation: string;
  version: number;
  author: string;
  content: ReportContent;
  submittedAt: Date;
  /** Why this version amends the previous one; null for the first. */
  amendReason: string | null;
};

export type Draft = {
  evaluation: string;
  author: string;
  content: Partial<ReportContent>;
  /** The wizard step the assessor reached (Discord asks in several modals). */
  step: number;
  updatedAt: Date;
};

export function emptyReportContent(): ReportContent {
  return {
    criteria: {},
    outcome: null,
    strengths: '',
    improvements: '',
    mentorNote: '',
    juryJustification: '',
    readinessDoubt: false,
    doubtNote: '',
    commonMistakes: '',
    materialSuggestions: '',
  };
}
