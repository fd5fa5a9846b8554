/**
 * The App Home tab (DESIGN §2, issue item 5): an assessor's queue (offers with Accept / Decline,
 * reports to write with their due date, draft and Open report, decisions to take), their capacity
 * and absences with a button to change them. Anyone else gets a short note on what they can do.
 * Published on `app_home_opened` and again after each change the person makes from Slack.
 */
import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppContext } from '../../app/context.ts';
import { assessorQueue } from '../../app/queries.ts';
import { t } from '../../domain/catalog/index.ts';
import type { Evaluation, Locale, Person } from '../../domain/model.ts';
import type { Logger } from '../../logger.ts';
import { evaluationLine, type Names } from '../../views/command-replies.ts';
import { OFFER_ACCEPT_ACTION, OFFER_DECLINE_ACTION } from '../../views/messages/offer-messages.ts';
import { mrkdwn, plain, type SlackBlock } from './block-kit-text.ts';
import { HOME_AVAILABILITY_ACTION, REPORT_OPEN_ACTION } from './slack-actions.ts';

/** Items shown per list, so the tab stays within Slack's 100 blocks. */
const SHOWN = { offers: 12, toReport: 20, toDecide: 10 } as const;

const section = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: mrkdwn(text, 3000) },
});
const heading = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: `*${mrkdwn(text, 2900)}*` },
});
const context = (text: string): SlackBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: mrkdwn(text, 3000) }],
});

function button(action: string, label: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return { type: 'button', action_id: action, text: plain(label, 75), value, ...(style ? { style } : {}) };
}

async function namesOf(ctx: AppContext): Promise<Names> {
  const projects = new Map((await ctx.store.org.listProjects()).map((p) => [p.id, p.name]));
  const students = new Map((await ctx.store.people.listStudents()).map((s) => [s.id, s.name]));
  return { project: (id) => projects.get(id) ?? id, student: (id) => students.get(id) ?? id };
}

/** A list under its heading, at most `shown` items of `render` blocks, then "and N more". */
function list<T>(
  title: string,
  items: T[],
  shown: number,
  locale: Locale,
  render: (item: T) => SlackBlock[],
) {
  const blocks: SlackBlock[] = [{ type: 'divider' }, heading(title)];
  if (items.length === 0) blocks.push(context(t(locale, 'reply.none')));
  for (const item of items.slice(0, shown)) blocks.push(...render(item));
  if (items.length > shown)
    blocks.push(context(t(locale, 'slack.home.more', { count: items.length - shown })));
  return blocks;
}

async function assessorBlocks(ctx: AppContext, person: Person, locale: Locale): Promise<SlackBlock[]> {
  const zone = (await ctx.store.org.getSettings())?.timezone ?? 'UTC';
  const queue = await assessorQueue(ctx, person);
  const names = await namesOf(ctx);
  const line = (evaluation: Evaluation, extra: string[] = []) =>
    evaluationLine(evaluation, names, locale, zone, extra);
  const absences = person.absences.map((a) => (a.from === a.to ? a.from : `${a.from} → ${a.to}`)).join(', ');
  const availability = t(locale, 'slack.home.availability', {
    capacity: person.capacity,
    absences: absences || t(locale, 'reply.availability.none'),
  });
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(t(locale, 'slack.home.title'), 150) },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: mrkdwn(availability, 3000) },
      accessory: button(HOME_AVAILABILITY_ACTION, t(locale, 'slack.home.set_availability'), person.id),
    },
  ];
  blocks.push(
    ...list(t(locale, 'reply.queue.offers'), queue.offers, SHOWN.offers, locale, ({ evaluation }) => [
      section(line(evaluation)),
      {
        type: 'actions',
        elements: [
          button(OFFER_ACCEPT_ACTION, t(locale, 'slack.button.accept'), evaluation.id, 'primary'),
          button(OFFER_DECLINE_ACTION, t(locale, 'slack.button.decline'), evaluation.id, 'danger'),
        ],
      },
    ]),
    ...list(
      t(locale, 'reply.queue.to_report'),
      queue.toReport,
      SHOWN.toReport,
      locale,
      ({ evaluation, draft }) => [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: mrkdwn(line(evaluation, draft ? [t(locale, 'reply.queue.draft')] : []), 3000),
          },
          accessory: button(
            REPORT_OPEN_ACTION,
            t(locale, 'slack.button.open_report'),
            evaluation.id,
            'primary',
          ),
        },
      ],
    ),
    ...list(t(locale, 'reply.queue.to_decide'), queue.toDecide, SHOWN.toDecide, locale, (evaluation) => [
      section(line(evaluation)),
      context(t(locale, 'slack.home.decide', { id: evaluation.id })),
    ]),
  );
  if (queue.waiting > 0)
    blocks.push({ type: 'divider' }, context(t(locale, 'reply.queue.waiting', { count: queue.waiting })));
  return blocks;
}

/** The Home tab of a Slack user: the queue for an assessor, a short note for anyone else. */
export async function homeView(
  ctx: AppContext,
  person: Person | null,
  defaultLocale: Locale,
): Promise<types.HomeView> {
  if (!person) {
    return {
      type: 'home',
      blocks: [
        { type: 'header', text: plain(t(defaultLocale, 'slack.home.title'), 150) },
        section(t(defaultLocale, 'error.not_registered')),
      ],
    };
  }
  const locale = person.locale;
  if (!person.roles.includes('assessor')) {
    const roles = person.roles.map((r) => t(locale, `role.${r}`)).join(', ');
    return {
      type: 'home',
      blocks: [
        { type: 'header', text: plain(t(locale, 'slack.home.title'), 150) },
        section(t(locale, 'slack.home.other', { roles })),
      ],
    };
  }
  return { type: 'home', blocks: (await assessorBlocks(ctx, person, locale)).slice(0, 100) };
}

/** `publishHome(userId)`: builds and publishes a user's Home tab; failures are logged, never thrown. */
export function homePublisher(deps: {
  ctx: AppContext;
  client: WebClient;
  logger: Logger;
  defaultLocale: Locale;
}): (userId: string) => Promise<void> {
  return async (userId) => {
    try {
      const person = await deps.ctx.store.people.findPersonByPlatform('slack', userId);
      const view = await homeView(deps.ctx, person, deps.defaultLocale);
      await deps.client.views.publish({ user_id: userId, view });
    } catch (error) {
      deps.logger.warn({ err: error, user: userId }, 'slack home not published');
    }
  };
}
