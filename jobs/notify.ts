/**
 * The `notify` queue: every outbound message (DESIGN §4). The outbox names each job after its
 * notification type, so there is one definition per type, all sharing one processor that plans
 * the messages, builds them in each reader's locale and delivers them once per platform.
 */
import { type DeliveryResult, deliverNotification } from '../src/app/deliver-notification.ts';
import { defineJob, type JobDefinition, type JobRun, type WorkerDeps } from '../src/app/job-definition.ts';
import { Notification, type NotificationType } from '../src/domain/notifications.ts';

/** Every notification type, read from the schema so a new type gets its job definition. */
export const NOTIFICATION_TYPES: readonly NotificationType[] = Notification.options.map(
  (option) => option.shape.type.value,
);

/** Delivers one notification; rethrows a rate limit (the queue pauses) and transient failures (backoff). */
export async function processNotification(
  notification: Notification,
  run: JobRun,
  deps: WorkerDeps,
): Promise<DeliveryResult> {
  const result = await deliverNotification(notification, run, deps);
  run.log.info({ notification: notification.type, ...result }, 'notification delivered');
  return result;
}

/** One definition per notification type, in queue `notify`. */
export const notifyJobs: JobDefinition<Notification>[] = NOTIFICATION_TYPES.map((name) =>
  defineJob({
    queue: 'notify',
    name,
    payload: Notification,
    defaults: { attempts: 8, backoffMs: 2_000 },
    concurrency: 10,
    process: processNotification,
  }),
);
