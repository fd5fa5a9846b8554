/**
 * DESIGN §8 "a Slack retry, a double click, a Discord duplicate interaction: one effect", under
 * load. The Slack half (`duplicates-slack.ts`) replays Accept clicks, double-clicks some, retries
 * every Home event twice and submits report modals twice; the Discord half (`duplicates-discord.ts`)
 * has the gateway deliver Accept interactions twice. Both go through the real product path (HTTP app
 * and request guard, Bolt, discord.js, use cases, SQLite store, outbox relay, BullMQ workers) against
 * the local fakes, and count each effect from the store and from what the fakes received.
 */
import type { BenchContext } from '../types.ts';
import { discordDuplicates } from './duplicates-discord.ts';
import type { EffectCount } from './duplicates-shared.ts';
import { slackDuplicates } from './duplicates-slack.ts';
import type { FaultCase, FaultOutcome } from './fault-case.ts';

const sum = (effects: EffectCount[], field: 'expected' | 'seen' | 'duplicated') =>
  effects.reduce((total, e) => total + e[field], 0);

async function run(context: BenchContext): Promise<FaultOutcome> {
  const started = performance.now();
  const slack = await slackDuplicates(context);
  const discord = await discordDuplicates(context);
  const seconds = (performance.now() - started) / 1000;
  const effects = [...slack.effects, ...discord.effects];
  const expected = sum(effects, 'expected');
  const seen = sum(effects, 'seen');
  const { requests } = slack;
  const doubleClicks = Math.floor(slack.offers / 2);
  const closedTwice = slack.submissions.filter((s) => s === 'closed+closed').length;
  return {
    name: 'duplicates → one effect',
    load:
      `Slack: ${slack.offers} offers each clicked Accept and replayed with the same action_ts ` +
      `(${doubleClicks} also double-clicked), ${slack.offers} app_home_opened events delivered 3× with one ` +
      `event_id, ${slack.reports} report modals submitted twice at once; Discord: ${discord.offers} Accept ` +
      'interactions delivered twice by the gateway',
    expected,
    seen,
    lost: expected - seen,
    duplicated: sum(effects, 'duplicated'),
    seconds,
    notes: [
      `Each effect, seen/expected (extra): ${effects
        .map((e) => `${e.kind} ${e.seen}/${e.expected} (${e.duplicated})`)
        .join('; ')}.`,
      'Slack: the product HTTP app with the Slack app behind its request guard (Bolt ExpressReceiver), ' +
        'a SQLite file store, the outbox relay loop and the BullMQ workers (every job definition, real ' +
        'Redis on a private prefix) delivering the offer DMs and mentor summaries to the local Slack fake; ' +
        'payloads built by the fake from its state in the shape of Slack examples, signed per request. ' +
        `Clicks and Home events interleaved, ${slack.inFlight} offers or events in flight (2–3 requests each): ${requests.sent} ` +
        `requests, ${requests.non2xx} non-2xx, ${requests.timedOut} not acknowledged within 3 s, slowest ` +
        `${Math.round(requests.slowestMs)} ms (load generator, fake, app and workers share one process).`,
      'Counted after the product went quiet (fake unchanged for 0.8 s, outbox and queues idle): ' +
        'offer.accept audit entries per evaluation; "You accepted" and "already answered" ephemerals through ' +
        'the response URLs (a replay must add no notice, a double click exactly one); views.publish calls per ' +
        "mentor, each of whom had one event_id; report versions; mentor_summary rows read from the SQLite file's " +
        'outbox (relayed or not, any version); mentor summary DMs and "Report submitted" DMs in the fake. ' +
        `Both submissions closed the modal for ${closedTwice} of ${slack.reports} double submits.`,
      'Discord: the real discord.js client (startDiscordBot) on the local Discord fake; the offer DM delivered by ' +
        'the workers through DiscordPlatform; the same INTERACTION_CREATE dispatched again at once (even offers) ' +
        `or after the answer (odd); discord.js handed the bot ${discord.received} of ${2 * discord.offers} ` +
        `deliveries, ${discord.unanswered} interactions unanswered within 3 s. Counted: offer.accept audit ` +
        'entries, callback requests per interaction id (a second one would be refused as already acknowledged), ' +
        'messages saying "You accepted <id>".',
    ],
  };
}

/** The duplicates fault case of the `faults` benchmark. */
export const duplicatesCase: FaultCase = { name: 'duplicates → one effect', run };
