/** Every command of the product (DESIGN §3), served on Slack and Discord from this one list. */
import type { CommandSpec } from '../src/app/commands/command-spec.ts';
import { assessAccept } from './assess-accept.ts';
import { assessAvailability } from './assess-availability.ts';
import { assessClaim } from './assess-claim.ts';
import { assessCurriculum } from './assess-curriculum.ts';
import { assessDecide } from './assess-decide.ts';
import { assessDecline } from './assess-decline.ts';
import { assessHelp } from './assess-help.ts';
import { assessQueue } from './assess-queue.ts';
import { assessReport } from './assess-report.ts';
import { assessSchedule } from './assess-schedule.ts';
import { curriculumDigest } from './curriculum-digest.ts';
import { evaluationCancel } from './evaluation-cancel.ts';
import { evaluationList } from './evaluation-list.ts';
import { evaluationReassign } from './evaluation-reassign.ts';
import { evaluationRequest } from './evaluation-request.ts';
import { juryDossier } from './jury-dossier.ts';
import { juryStatus } from './jury-status.ts';
import { mentorStudentCommand } from './mentor-student.ts';
import { mentorStudentsCommand } from './mentor-students.ts';

const specs: readonly CommandSpec[] = [
  assessQueue,
  assessReport,
  assessAccept,
  assessDecline,
  assessClaim,
  assessSchedule,
  assessDecide,
  assessAvailability,
  assessCurriculum,
  mentorStudentsCommand,
  mentorStudentCommand,
  curriculumDigest,
  juryDossier,
  juryStatus,
  evaluationRequest,
  evaluationReassign,
  evaluationCancel,
  evaluationList,
];

export const commands: readonly CommandSpec[] = [
  ...specs,
  assessHelp(() => commands) as unknown as CommandSpec,
];
