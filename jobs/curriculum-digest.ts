/**
 * The `digest` queue: the curriculum digest (DESIGN §2.5), weekly from the job scheduler and on
 * demand (`/curriculum digest`). It posts one message per project with reports to the curriculum
 * channel of every platform, each post at most once per (job, platform, project).
 */
import { z } from 'zod';
import { defineJob, PermanentJobError } from '../src/app/job-definition.ts';
import { loadDigest } from '../src/app/load-digest.ts';
import type { Digest } from '../src/domain/digest.ts';
import { isDeskError } from '../src/domain/errors.ts';
import { PLATFORMS, type Platform } from '../src/domain/model.ts';
import { PlatformError } from '../src/ports/chat-platform.ts';
import { emptyDigestMessage, projectDigestMessage } from '../src/views/digest-views.ts';
import type { MessageView } from '../src/views/view-model.ts';

const Instant = z.iso.datetime({ offset: true });

/**
 * What `requestDigest` writes: `project` null for every project, `since` null for the 7 days before
 * `until`. `until` may be null too (a scheduled run, whose payload is fixed): the time the job runs.
 */
export const CurriculumDigestPayload = z.object({
  project: z.string().min(1).nullable().default(null),
  since: Instant.nullable().default(null),
  until: Instant.nullable().default(null),
  reason: z.string().min(1).default('scheduled'),
});
/** The payload once parsed (defaults filled in). */
export type CurriculumDigestPayload = z.infer<typeof CurriculumDigestPayload>;

/** What a run did, for the job's return value and logs. */
export type CurriculumDigestResult = {
  projects: number;
  posted: number;
  /** Posts already made by an earlier try of the same job. */
  skipped: number;
  /** Platforms whose curriculum channel refused the post for good (e.g. `channel_not_found`). */
  failed: { platform: Platform; code: string }[];
};

/** Queue `digest`, name `curriculum-digest`: builds the digest and posts it; see the module documentation. */
export const curriculumDigestJob = defineJob<CurriculumDigestPayload>({
  queue: 'digest',
  name: 'curriculum-digest',
  payload: CurriculumDigestPayload,
  defaults: { attempts: 5, backoffMs: 10_000 },
  concurrency: 1,
  async process(payload, run, deps): Promise<CurriculumDigestResult> {
    const { store, clock } = deps.ctx;
    const until = payload.until === null ? clock.now() : new Date(payload.until);
    const since = payload.since === null ? null : new Date(payload.since);
    if (since && since.getTime() >= until.getTime()) {
      throw new PermanentJobError(
        'invalid_period',
        `since ${payload.since} is not before until ${until.toISOString()}`,
      );
    }
    let digest: Digest;
    try {
      digest = await loadDigest(store, { project: payload.project, since, until });
    } catch (error) {
      // The project was removed since the request: retrying cannot help.
      if (isDeskError(error) && error.code === 'project_not_found') {
        throw new PermanentJobError('project_not_found', `no project ${payload.project}`);
      }
      throw error;
    }
    await run.progress(50);
    const posts: { key: string; view: MessageView }[] =
      digest.projects.length === 0
        ? [{ key: 'none', view: emptyDigestMessage(digest, deps.defaultLocale) }]
        : digest.projects.map((p) => ({
            key: p.project.id,
            view: projectDigestMessage(digest, p, deps.defaultLocale),
          }));
    const channels = (await store.org.getChannels()).curriculum;
    const result: CurriculumDigestResult = {
      projects: digest.projects.length,
      posted: 0,
      skipped: 0,
      failed: [],
    };
    for (const platform of PLATFORMS) {
      const chat = deps.platforms[platform];
      const channel = channels[platform];
      if (!chat || !channel) continue;
      for (const post of posts) {
        const key = `digest.${run.id}.${platform}.${post.key}`;
        if (await store.idempotency.seen(key)) {
          result.skipped += 1;
          continue;
        }
        try {
          await chat.postToChannel(channel, post.view);
        } catch (error) {
          // A missing channel on one platform must not keep the digest from the other.
          if (error instanceof PlatformError && error.permanent) {
            result.failed.push({ platform, code: error.platformCode });
            run.log.warn(
              { platform, channel, code: error.platformCode },
              'curriculum channel refused the digest',
            );
            break;
          }
          throw error;
        }
        // Claimed after sending: a crash in between re-sends once rather than never.
        await store.idempotency.claim(key, clock.now());
        result.posted += 1;
      }
    }
    await run.progress(100);
    run.log.info({ ...result, reason: payload.reason }, 'curriculum digest posted');
    if (result.failed.length > 0 && result.posted + result.skipped === 0) {
      throw new PermanentJobError('channel_not_found', 'no curriculum channel accepted the digest');
    }
    return result;
  },
});
