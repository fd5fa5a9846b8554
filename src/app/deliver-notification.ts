/**
 * Delivers a notification's planned messages on every platform each recipient is on. Each delivery
 * (job, platform, recipient) has an idempotency key claimed once sent, so a retried job sends only
 * what was not sent. A rate limit stops the job (the runtime pauses the queue and retries); a
 * permanent refusal is recorded once and told to the coordinators, and the other deliveries go on;
 * any other failure is rethrown once the other deliveries were tried, for a retry with backoff.
 */
import { PLATFORMS, type Platform } from '../domain/model.ts';
import type { Notification } from '../domain/notifications.ts';
import { type ChatPlatform, type MessageRef, PlatformError } from '../ports/chat-platform.ts';
import type { Store } from '../ports/store.ts';
import type { MessageView } from '../views/view-model.ts';
import { audit, notify } from './effects.ts';
import type { JobRun, WorkerDeps } from './job-definition.ts';
import { type PlannedMessage, planNotification, type Recipient, recipientId } from './notification-plan.ts';

/** What one run of a notification did. */
export type DeliveryResult = {
  /** Messages sent or updated in this run. */
  sent: number;
  /** Deliveries already done by an earlier run, or recipients with no reachable platform. */
  skipped: number;
  /** Deliveries a platform refused for good (recorded, coordinators told). */
  refused: number;
};

/** Where one planned message goes on one platform. */
type Target = { platform: Platform; adapter: ChatPlatform; address: string };

/** The original message to update was not sent yet (its job is still to run): retry later. */
class OriginalNotSentError extends Error {
  constructor(subject: string, platform: Platform) {
    super(`no ${platform} message recorded for ${subject} yet`);
    this.name = 'OriginalNotSentError';
  }
}

/** The platforms a recipient can be reached on by this process: known id, adapter present, not refused before. */
async function targetsOf(store: Store, deps: WorkerDeps, recipient: Recipient): Promise<Target[]> {
  const unreachable =
    recipient.kind === 'person' ? await store.people.unreachablePlatforms(recipient.id) : [];
  const addresses = recipient.kind === 'person' ? recipient.platforms : recipient.ids;
  const targets: Target[] = [];
  for (const platform of PLATFORMS) {
    const address = addresses[platform];
    const adapter = deps.platforms[platform];
    if (address && adapter && !unreachable.includes(platform)) targets.push({ platform, adapter, address });
  }
  return targets;
}

async function send(
  store: Store,
  message: PlannedMessage,
  target: Target,
  view: MessageView,
): Promise<MessageRef | null> {
  if (message.replaces !== undefined) {
    const id = recipientId(message.to);
    const refs = (await store.sentMessages.list(message.replaces)).filter(
      (m) => m.ref.platform === target.platform && m.recipient === id,
    );
    if (refs.length === 0) throw new OriginalNotSentError(message.replaces, target.platform);
    for (const sent of refs) await target.adapter.updateMessage(sent.ref, view);
    return null;
  }
  if (message.to.kind === 'channel') return target.adapter.postToChannel(target.address, view);
  const ref = await target.adapter.sendDirectMessage(target.address, view);
  // What reaches a person's DMs usually changes their queue too (an offer, a withdrawal).
  await target.adapter.refreshHome?.(target.address);
  return ref;
}

/** Records a permanent refusal once: the platform marked unreachable for a person, an audit entry, the coordinators told. */
async function recordRefusal(
  deps: WorkerDeps,
  run: JobRun,
  notification: Notification,
  recipient: Recipient,
  error: PlatformError,
): Promise<void> {
  const id = recipientId(recipient);
  const now = deps.ctx.clock.now();
  run.log.warn(
    { recipient: id, platform: error.platform, code: error.platformCode },
    'delivery refused for good; recorded',
  );
  await deps.ctx.store.transaction(async (tx) => {
    if (recipient.kind === 'person') await tx.people.markUnreachable(id, error.platform, error.platformCode);
    await audit(tx, now, { type: 'system' }, 'notify.undeliverable', id, {
      platform: error.platform,
      code: error.platformCode,
      job: run.id,
    });
    // A report about a failed report would only loop; the outbox key keeps it to one per recipient and platform.
    if (notification.type !== 'delivery_failed') {
      await notify(tx, {
        type: 'delivery_failed',
        recipient: id,
        platform: error.platform,
        code: error.platformCode,
      });
    }
  });
}

function isRefusal(error: PlatformError): boolean {
  return error.code === 'recipient_unreachable' || error.code === 'channel_not_found';
}

/** Plans and delivers one notification (the `notify` job's processor). */
export async function deliverNotification(
  notification: Notification,
  run: JobRun,
  deps: WorkerDeps,
): Promise<DeliveryResult> {
  const { store } = deps.ctx;
  const result: DeliveryResult = { sent: 0, skipped: 0, refused: 0 };
  const plan = await planNotification(deps.ctx, notification);
  if (plan.length === 0) run.log.info({ notification: notification.type }, 'nothing to send any more');
  const timeZone = (await store.org.getSettings())?.timezone ?? 'UTC';
  let deferred: unknown = null;
  for (const message of plan) {
    const id = recipientId(message.to);
    const targets = await targetsOf(store, deps, message.to);
    if (targets.length === 0) {
      run.log.info({ recipient: id }, 'recipient on no reachable platform; skipped');
      result.skipped += 1;
      continue;
    }
    const locale = message.to.kind === 'person' ? message.to.locale : deps.defaultLocale;
    let view: MessageView | null = null;
    for (const target of targets) {
      const key = `${run.id}.${target.platform}.${id}`;
      if (await store.idempotency.seen(key)) {
        result.skipped += 1;
        continue;
      }
      view ??= message.build({ locale, timeZone });
      try {
        const ref = await send(store, message, target, view);
        const now = deps.ctx.clock.now();
        await store.transaction(async (tx) => {
          if (ref && message.remember !== undefined) {
            await tx.sentMessages.record({ subject: message.remember, recipient: id, ref, sentAt: now });
          }
          await tx.idempotency.claim(key, now);
        });
        result.sent += 1;
      } catch (error) {
        if (error instanceof PlatformError && error.code === 'rate_limited') throw error;
        if (error instanceof PlatformError && isRefusal(error)) {
          await recordRefusal(deps, run, notification, message.to, error);
          result.refused += 1;
          continue;
        }
        if (!(error instanceof PlatformError) && !(error instanceof OriginalNotSentError)) throw error;
        // Try the other deliveries first; this one is retried with backoff.
        run.log.warn({ recipient: id, platform: target.platform, err: error }, 'delivery failed; will retry');
        deferred ??= error;
      }
    }
  }
  if (deferred !== null) throw deferred;
  return result;
}
