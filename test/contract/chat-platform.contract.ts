/**
 * The contract every `ChatPlatform` meets (the in-memory fake, Slack, Discord), run by
 * `test/integration/chat-platform-contract.test.ts`. Each implementation provides a small
 * `ChatPlatformBackend`: the platform under test, ids that exist and one that does not, and the
 * few levers the contract pulls on the other side (close a user's DMs, answer the next call with
 * a 429, read back what was delivered).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChatPlatform, PlatformError } from '../../src/ports/chat-platform.ts';
import type { MessageView } from '../../src/views/view-model.ts';

/** One delivered message as the other side sees it: its id, its text (latest edit) and its files. */
export type Delivered = { id: string; text: string; files: string[] };

export type ChatPlatformBackend = {
  platform: ChatPlatform;
  /** A user who can receive DMs. */
  user: string;
  /** A channel the bot can post in. */
  channel: string;
  /** A channel id that does not exist (or the bot is not in). */
  unknownChannel: string;
  /** Makes DMs to `user` fail the way the platform refuses them (Discord 50007, Slack user_not_found). */
  makeUnreachable(user: string): void | Promise<void>;
  /** Answers the next call with a rate limit (429 with a delay). */
  rateLimitNext(): void | Promise<void>;
  /** What reached a user's DM or a channel, oldest first. */
  delivered(to: { user: string } | { channel: string }): Promise<Delivered[]>;
  close(): Promise<void>;
};

function message(text: string): MessageView {
  return {
    text,
    audience: 'coordinator',
    blocks: [
      { type: 'header', text: 'Assessor Desk' },
      { type: 'text', text },
      { type: 'fields', fields: [{ label: 'Evaluation', value: 'E-1001' }] },
      { type: 'actions', buttons: [{ action: 'offer.accept', label: 'Accept', value: 'E-1001' }] },
    ],
  };
}

async function refusal(work: Promise<unknown>): Promise<PlatformError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

/** Declares the contract suite for the backend `open` builds (a fresh one per test). */
export function chatPlatformContract(name: string, open: () => Promise<ChatPlatformBackend>): void {
  describe(`ChatPlatform contract: ${name}`, () => {
    let b: ChatPlatformBackend;

    beforeEach(async () => {
      b = await open();
    });
    afterEach(async () => {
      await b.close();
    });

    it('sends a direct message and says where it went', async () => {
      const ref = await b.platform.sendDirectMessage(b.user, message('Your offer E-1001 is waiting.'));
      expect(ref.platform).toBe(b.platform.platform);
      expect(ref.id).not.toBe('');
      const dms = await b.delivered({ user: b.user });
      expect(dms).toHaveLength(1);
      expect(dms[0]?.id).toBe(ref.id);
      expect(dms[0]?.text).toContain('Your offer E-1001 is waiting.');
    });

    it('posts to a channel', async () => {
      const ref = await b.platform.postToChannel(b.channel, message('No assessor for E-1002.'));
      expect(ref.channel).toBe(b.channel);
      const posts = await b.delivered({ channel: b.channel });
      expect(posts.map((p) => p.id)).toEqual([ref.id]);
      expect(posts[0]?.text).toContain('No assessor for E-1002.');
    });

    it('updates a message it sent, in a channel and in a DM', async () => {
      const post = await b.platform.postToChannel(b.channel, message('Offer pending.'));
      await b.platform.updateMessage(post, message('Offer accepted.'));
      const [updated] = await b.delivered({ channel: b.channel });
      expect(updated?.text).toContain('Offer accepted.');
      expect(updated?.text).not.toContain('Offer pending.');
      const dm = await b.platform.sendDirectMessage(b.user, message('Offer pending.'));
      await b.platform.updateMessage(dm, message('Offer expired.'));
      expect((await b.delivered({ user: b.user }))[0]?.text).toContain('Offer expired.');
    });

    it('uploads a file into a channel', async () => {
      const ref = await b.platform.uploadFile(b.channel, {
        filename: 'dossier-stu-emma.md',
        content: new TextEncoder().encode('# Jury dossier\n'),
        title: 'Jury dossier · Emma',
        comment: 'Compiled from 2 reports.',
      });
      const posts = await b.delivered({ channel: b.channel });
      expect(posts.find((p) => p.id === ref.id)?.files).toEqual(['dossier-stu-emma.md']);
    });

    it('refuses an unknown channel with channel_not_found, permanently', async () => {
      const error = await refusal(b.platform.postToChannel(b.unknownChannel, message('Hello')));
      expect(error.code).toBe('channel_not_found');
      expect(error.permanent).toBe(true);
      const upload = b.platform.uploadFile(b.unknownChannel, {
        filename: 'x.md',
        content: new Uint8Array([35]),
        title: 'x',
      });
      expect((await refusal(upload)).code).toBe('channel_not_found');
    });

    it('refuses an unreachable user with recipient_unreachable, permanently', async () => {
      await b.makeUnreachable(b.user);
      const error = await refusal(b.platform.sendDirectMessage(b.user, message('Hello')));
      expect(error.code).toBe('recipient_unreachable');
      expect(error.permanent).toBe(true);
      expect(await b.delivered({ user: b.user })).toEqual([]);
    });

    it('answers a rate limit with rate_limited and a positive delay, and delivers nothing', async () => {
      await b.rateLimitNext();
      const error = await refusal(b.platform.postToChannel(b.channel, message('Hello')));
      expect(error.code).toBe('rate_limited');
      expect(error.permanent).toBe(false);
      expect(error.retryAfterMs).toBeGreaterThan(0);
      expect(await b.delivered({ channel: b.channel })).toEqual([]);
    });
  });
}
