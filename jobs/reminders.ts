/** The `reminders` queue: delayed jobs written by the use cases (offer expiry, report due, conditional windows). */
import { defineJob, type JobDefinition } from '../src/app/job-definition.ts';
import { handleReminder } from '../src/app/reminders.ts';
import { Reminder } from '../src/domain/notifications.ts';

const REMINDER_TYPES = [
  'offer_expiry',
  'report_due_soon',
  'report_due',
  'resubmission_window',
  'decision_window',
] as const;

/** One definition per reminder type (the outbox names each job after its type); one processor. */
export const reminderJobs: JobDefinition<Reminder>[] = REMINDER_TYPES.map((name) =>
  defineJob({
    queue: 'reminders',
    name,
    payload: Reminder,
    defaults: { attempts: 5, backoffMs: 5_000 },
    async process(reminder, run, deps) {
      const outcome = await handleReminder(deps.ctx, reminder);
      run.log.info({ reminder: reminder.type, outcome }, 'reminder handled');
      return outcome;
    },
  }),
);
