/**
 * Side effects a use case records inside its transaction: outbox rows for notifications, delayed
 * reminders and background jobs, and audit entries. Nothing here talks to Redis or a platform.
 */
import { type Notification, notificationKey, type Reminder, reminderKey } from '../domain/notifications.ts';
import type { QueueName, StoreTx } from '../ports/store.ts';
import { type Actor, actorId } from './context.ts';

export async function notify(tx: StoreTx, notification: Notification): Promise<void> {
  await tx.outbox.add({
    key: notificationKey(notification),
    queue: 'notify',
    name: notification.type,
    payload: notification,
    runAt: null,
  });
}

/**
 * Schedules a reminder. Reminders check the evaluation's state when they fire, so one whose reason
 * went away (offer answered, report submitted) does nothing.
 */
export async function remind(tx: StoreTx, reminder: Reminder, runAt: Date): Promise<void> {
  await tx.outbox.add({
    key: reminderKey(reminder),
    queue: 'reminders',
    name: reminder.type,
    payload: reminder,
    runAt,
  });
}

/** Asks for background work (a dossier, a digest) with a deterministic key. */
export async function enqueue(
  tx: StoreTx,
  queue: QueueName,
  name: string,
  key: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await tx.outbox.add({ key, queue, name, payload, runAt: null });
}

export async function audit(
  tx: StoreTx,
  at: Date,
  actor: Actor,
  action: string,
  subject: string | null,
  detail: Record<string, unknown> = {},
  outcome = 'ok',
): Promise<void> {
  await tx.audit.append({ at, actor: actorId(actor), action, subject, outcome, detail });
}
