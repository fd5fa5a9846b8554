/**
 * The local workspace survives a restart: the whole product (as `npm start` without credentials)
 * produces conversations on both fakes (command replies, offer DMs through the outbox, the workers
 * and the real adapters), stops as on SIGTERM, and starts again on the same database directory.
 * The conversations are back with their ids, and an offer DM sent before the restart is updated in
 * place after it when the offer is answered (the database's sent-message references still match).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_FILE_NAME } from '../../src/sandbox/state-file.ts';
import type { DeskUser } from '../../src/sandbox/workspace/directory.ts';
import type { DiscordPaneState, DiscordResult } from '../../src/sandbox/workspace/discord-side.ts';
import type { SlackCommandResult, SlackPaneState } from '../../src/sandbox/workspace/slack-side.ts';
import { type LocalWorkspace, requestEvaluation, startLocalWorkspace } from '../helpers/local-workspace.ts';
import { waitFor } from '../helpers/test-redis.ts';

type SlackConversation = SlackPaneState['channels'][number];
type DiscordChannel = DiscordPaneState['channels'][number];

/** The product under test; a new one after the restart. */
let ws: LocalWorkspace;

async function slackDm(person: string): Promise<SlackConversation> {
  const { data } = await ws.api<SlackPaneState>(`/slack/state?person=${person}`);
  const dm = data.channels.find((c) => c.kind === 'im');
  if (!dm) throw new Error(`${person} has no Slack DM`);
  return dm;
}

async function discordChannels(person: string): Promise<DiscordChannel[]> {
  return (await ws.api<DiscordPaneState>(`/discord/state?person=${person}`)).data.channels;
}

async function discordDm(person: string): Promise<DiscordChannel> {
  const dm = (await discordChannels(person)).find((c) => c.kind === 'dm');
  if (!dm) throw new Error(`${person} has no Discord DM`);
  return dm;
}

/** Whether a message still offers the evaluation (its Accept button). */
function offers(message: { blocks?: unknown; components?: unknown }): boolean {
  return JSON.stringify(message.blocks ?? message.components ?? []).includes('offer.accept');
}

async function assessorOf(evaluation: { assessor: string | null }): Promise<DeskUser> {
  const people = (await ws.api<DeskUser[]>('/people')).data;
  const found = people.find((p) => p.id === evaluation.assessor);
  if (!found) throw new Error(`${String(evaluation.assessor)} is not a person of the workspace`);
  return found;
}

/** Conversations before the restart, the restart, then the same conversations and the offers answered. */
async function conversationsSurviveARestart(): Promise<void> {
  // Before: a command on each platform, and an offer DM on each.
  const slackReply = await ws.api<SlackCommandResult>('/slack/command', {
    person: 'priya-raman',
    text: '/assess queue',
  });
  expect(slackReply.data.reply?.text).toContain('Your queue');
  const discordReply = await ws.api<DiscordResult>('/discord/command', {
    person: 'chen-wei',
    text: '/assess queue',
  });
  expect(discordReply.data.type).toBe(4);
  const onSlack = await requestEvaluation(ws, 'emma-wilson', 'web-fullstack-app');
  const onDiscord = await requestEvaluation(ws, 'samuel-okoro', 'web-javascript');
  const slackAssessor = await assessorOf(onSlack);
  const discordAssessor = await assessorOf(onDiscord);
  expect(slackAssessor.slack, `${slackAssessor.id} is not on Slack`).toBeDefined();
  expect(discordAssessor.discord, `${discordAssessor.id} is not on Discord`).toBeDefined();
  await waitFor(async () => (await slackDm(slackAssessor.id)).messages.some(offers), 15_000, 100);
  await waitFor(async () => (await discordDm(discordAssessor.id)).messages.some(offers), 15_000, 100);
  const slackBefore = await slackDm(slackAssessor.id);
  const slackOffer = slackBefore.messages.find(offers);
  const discordBefore = await discordDm(discordAssessor.id);
  const discordOffer = discordBefore.messages.find(offers);
  const priyaBefore = await slackDm('priya-raman');
  const chenBefore = await discordChannels('chen-wei');

  ws = await ws.restart();
  expect(existsSync(join(ws.dir, STATE_FILE_NAME))).toBe(true);

  // After: the same conversations, ids and ts.
  const priyaAfter = await slackDm('priya-raman');
  expect(priyaAfter.id).toBe(priyaBefore.id);
  expect(priyaAfter.messages.map((m) => [m.ts, m.text])).toEqual(
    priyaBefore.messages.map((m) => [m.ts, m.text]),
  );
  expect(priyaAfter.messages.some((m) => m.text.includes('Your queue'))).toBe(true);
  const chenAfter = await discordChannels('chen-wei');
  expect(chenAfter.map((c) => [c.id, c.messages.map((m) => m.id)])).toEqual(
    chenBefore.map((c) => [c.id, c.messages.map((m) => m.id)]),
  );
  expect(chenAfter.flatMap((c) => c.messages).some((m) => m.id === discordReply.data.reply?.id)).toBe(true);
  const slackAfter = await slackDm(slackAssessor.id);
  expect(slackAfter.id).toBe(slackBefore.id);
  expect(slackAfter.messages.find(offers)?.ts).toBe(slackOffer?.ts);
  const discordAfter = await discordDm(discordAssessor.id);
  expect(discordAfter.id).toBe(discordBefore.id);
  expect(discordAfter.messages.find(offers)?.id).toBe(discordOffer?.id);

  // Answering the offers after the restart closes the DMs sent before it, in place.
  const accepted = await ws.api<SlackCommandResult>('/slack/command', {
    person: slackAssessor.id,
    text: `/assess accept ${onSlack.id}`,
  });
  expect(accepted.status).toBe(200);
  const acceptedOnDiscord = await ws.api<DiscordResult>('/discord/command', {
    person: discordAssessor.id,
    text: `/assess accept ${onDiscord.id}`,
  });
  expect(acceptedOnDiscord.status).toBe(200);
  const slackOfferNow = async () =>
    (await slackDm(slackAssessor.id)).messages.find((m) => m.ts === slackOffer?.ts);
  const discordOfferNow = async () =>
    (await discordDm(discordAssessor.id)).messages.find((m) => m.id === discordOffer?.id);
  await waitFor(async () => (await slackOfferNow())?.edited === true, 15_000, 100);
  await waitFor(async () => (await discordOfferNow())?.edited === true, 15_000, 100);
  const slackClosed = await slackOfferNow();
  const discordClosed = await discordOfferNow();
  expect(slackClosed && offers(slackClosed)).toBe(false);
  expect(discordClosed && offers(discordClosed)).toBe(false);
  // Updated, not sent again: the closed offer is one message in each DM.
  const slackTexts = (await slackDm(slackAssessor.id)).messages.map((m) => m.text);
  expect(slackTexts.filter((text) => text === slackClosed?.text)).toHaveLength(1);
  const discordEmbeds = (await discordDm(discordAssessor.id)).messages.map((m) => JSON.stringify(m.embeds));
  expect(discordEmbeds.filter((embeds) => embeds === JSON.stringify(discordClosed?.embeds))).toHaveLength(1);
}

describe('the local workspace across a restart', () => {
  it('keeps the conversations and updates an offer DM sent before the restart in place', async () => {
    ws = await startLocalWorkspace();
    try {
      await conversationsSurviveARestart();
    } finally {
      await ws.stop();
    }
  }, 120_000);
});
