/**
 * Generated Slack requests for the fuzz test: report modal submissions (valid, truncated, wrongly
 * typed, huge, unknown blocks and evaluations, broken metadata), closes, other modals, buttons,
 * slash commands and malformed bodies, each signed, forged, stale or unsigned.
 */
import fc from 'fast-check';
import { ACTION_IDS } from '../../src/adapters/slack/slack-actions.ts';
import { VIEW_CALLBACKS } from '../../src/adapters/slack/slack-views.ts';
import { criterionFieldId, REPORT_FIELDS } from '../../src/domain/audience-leak.ts';
import { validReport } from './app-harness.ts';
import { hostileText, wrongType } from './fuzz-inputs.ts';
import { HOOKS, interactive, nowSeconds, type SlackRequest, signedHeaders } from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';
const USERS = ['U01ALICE', 'U01BRUNO', 'U01MIA', 'U01ADA', 'U01COLIN', 'U404'] as const;

/** Which evaluation a request names, resolved against the test's seeded ones when it is sent. */
export const TARGETS = ['accepted', 'offered', 'reported', 'unknown', 'garbage'] as const;
export type Target = (typeof TARGETS)[number];

/** The rubric of web-1-portfolio, the project the seeded evaluations are on. */
export const FUZZ_CRITERIA = ['semantic-html', 'responsive'];
const BLOCK_IDS = [
  ...FUZZ_CRITERIA.flatMap((c) => [criterionFieldId(c, 'verdict'), criterionFieldId(c, 'comment')]),
  ...REPORT_FIELDS,
];
const WORDS = (
  'queue report accept decline claim schedule decide availability curriculum help students student ' +
  'digest dossier status list stu-emma stu-felix web-1-portfolio alice approved to_rework 2026-12-03 ' +
  '14:00 E-1001 E-1002 E-1003'
).split(' ');

/** How a request is sent: signed as Slack signs it, or refused by the guard (401). */
export type Signing = 'signed' | 'forged' | 'stale' | 'unsigned';

export type SlackFuzzInput =
  | { kind: 'report'; user: string; target: Target; step: unknown; values: Record<string, unknown> }
  | { kind: 'closed'; user: string; target: Target; values: Record<string, unknown> }
  | { kind: 'view'; user: string; callback: string; metadata: string; values: Record<string, unknown> }
  | { kind: 'action'; user: string; action: string; value: string; target: Target | null; home: boolean }
  | { kind: 'command'; user: string; command: string; text: string }
  | { kind: 'raw'; body: string; contentType: string };

const radio = (value: unknown) => ({
  type: 'radio_buttons',
  selected_option: { value, text: { type: 'plain_text', text: String(value) } },
});

/** A state entry of one input block, of the right element type or not. */
const stateEntry: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText.map((value) => ({ type: 'plain_text_input', value })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom('met', 'not_met', 'approved', 'conditional', 'to_rework', 'yes'), hostileText)
      .map(radio),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(fc.constant('yes'), hostileText), { maxLength: 3 })
      .map((values) => ({ type: 'checkboxes', selected_options: values.map((value) => ({ value })) })),
  },
  { weight: 1, arbitrary: hostileText.map((d) => ({ type: 'datepicker', selected_date: d })) },
  { weight: 1, arbitrary: wrongType.map((value) => ({ type: 'plain_text_input', value })) },
  { weight: 1, arbitrary: wrongType.map((value) => ({ type: 'static_select', selected_option: value })) },
  { weight: 1, arbitrary: fc.constant({ type: 'plain_text_input', value: null }) },
);

const blockId = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...BLOCK_IDS) },
  { weight: 1, arbitrary: hostileText },
);

const VALID = validReport(FUZZ_CRITERIA);
const VALID_VALUES: Record<string, unknown> = {
  [criterionFieldId('semantic-html', 'verdict')]: radio('met'),
  [criterionFieldId('responsive', 'verdict')]: radio('met'),
  outcome: radio('approved'),
  ...Object.fromEntries(
    (['strengths', 'improvements', 'mentorNote', 'juryJustification'] as const).map((id) => [
      id,
      { type: 'plain_text_input', value: VALID[id] },
    ]),
  ),
};

/** Values of a report modal: from scratch, or a valid report with a few fields broken or removed. */
const reportValues: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.dictionary(blockId, stateEntry, { maxKeys: 12 }),
  fc
    .tuple(
      fc.oneof(
        fc.constant<string[]>([]),
        fc.array(fc.constantFrom(...Object.keys(VALID_VALUES)), { maxLength: 2 }),
      ),
      fc.oneof(fc.constant({}), fc.dictionary(blockId, stateEntry, { maxKeys: 3 })),
    )
    .map(([dropped, broken]) => ({
      ...Object.fromEntries(Object.entries(VALID_VALUES).filter(([id]) => !dropped.includes(id))),
      ...broken,
    })),
);

const user = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...USERS) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
);
const target = fc.constantFrom(...TARGETS);
/** The report form is mostly submitted by its assessor, on her evaluations: that is where writes happen. */
const author = fc.oneof({ weight: 3, arbitrary: fc.constant('U01ALICE') }, { weight: 1, arbitrary: user });
const reportTarget = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('accepted' as const, 'reported' as const) },
  { weight: 1, arbitrary: target },
);

const raw = (body: string, contentType = FORM) => ({ kind: 'raw' as const, body, contentType });

/** Every kind of request, weighted towards the report modal. */
export const slackFuzzInput: fc.Arbitrary<SlackFuzzInput> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      user: author,
      target: reportTarget,
      step: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 5 }), wrongType),
      values: reportValues,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('closed' as const), user, target, values: reportValues }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('view' as const),
      user,
      callback: fc.constantFrom(...VIEW_CALLBACKS),
      metadata: fc.oneof(
        hostileText,
        fc.constantFrom('{"evaluation":"E-1001"}', '{"evaluation":"E-1002","channel":"D1","ts":"1.2"}', '{'),
      ),
      values: fc.dictionary(
        fc.oneof(fc.constantFrom('reason', 'note', 'capacity', 'away_from', 'away_to'), hostileText),
        stateEntry,
        { maxKeys: 4 },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('action' as const),
      user,
      action: fc.constantFrom(...ACTION_IDS),
      value: hostileText,
      target: fc.option(target, { nil: null }),
      home: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      user,
      command: fc.constantFrom('/assess', '/mentor', '/curriculum', '/jury', '/evaluation'),
      text: fc
        .array(fc.oneof(fc.constantFrom(...WORDS), hostileText), { maxLength: 5 })
        .map((w) => w.join(' ')),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      hostileText.map((text) => raw(new URLSearchParams({ payload: text }).toString())),
      fc
        .jsonValue({ maxDepth: 3 })
        .map((json) => raw(new URLSearchParams({ payload: JSON.stringify(json) }).toString())),
      fc
        .tuple(hostileText, fc.constantFrom(FORM, 'application/json', 'text/plain', ''))
        .map(([body, contentType]) => raw(body, contentType)),
    ),
  },
);

/** Mostly signed; one request in thirteen forged, stale or unsigned. */
export const signing: fc.Arbitrary<Signing> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('signed' as const) },
  { weight: 1, arbitrary: fc.constantFrom('forged' as const, 'stale' as const, 'unsigned' as const) },
);

const trigger = () => `trigger-${Math.random().toString(36).slice(2)}`;

function viewPayload(
  kind: 'view_submission' | 'view_closed',
  user: string,
  callback: string,
  metadata: string,
  values: Record<string, unknown>,
) {
  return {
    type: kind,
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: user, team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    trigger_id: trigger(),
    view: {
      id: 'V0FUZZ',
      type: 'modal',
      callback_id: callback,
      private_metadata: metadata,
      // The app reads block ids from the view to place errors: one input block per value sent.
      blocks: Object.keys(values).map((id) => ({
        type: 'input',
        block_id: id,
        element: { type: 'plain_text_input', action_id: 'value' },
        label: { type: 'plain_text', text: id },
      })),
      state: { values: Object.fromEntries(Object.entries(values).map(([id, v]) => [id, { value: v }])) },
      hash: '1.abc',
    },
  };
}

function actionPayload(i: Extract<SlackFuzzInput, { kind: 'action' }>, value: string) {
  return {
    type: 'block_actions',
    user: { id: i.user, team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    team: { id: 'T0TEST', domain: 'test' },
    trigger_id: trigger(),
    container: i.home
      ? { type: 'view', view_id: 'VHOME' }
      : { type: 'message', message_ts: '1.000001', channel_id: 'D-FUZZ' },
    ...(i.home ? {} : { channel: { id: 'D-FUZZ' }, response_url: `${HOOKS}/actions/T0TEST/fuzz` }),
    actions: [
      {
        type: 'button',
        action_id: i.action,
        block_id: 'b',
        value,
        action_ts: `${nowSeconds()}.${Math.floor(Math.random() * 1e6)}`,
      },
    ],
  };
}

/**
 * The request for an input and the statuses a signed one may get (a malformed body 400, any
 * other 200); `evaluationOf` gives the id of a target.
 */
export function slackFuzzRequest(
  i: SlackFuzzInput,
  evaluationOf: (target: Target) => string,
): { request: SlackRequest; expected: number[] } {
  const meta = (t: Target, step: unknown) => JSON.stringify({ evaluation: evaluationOf(t), step });
  switch (i.kind) {
    case 'report':
      return {
        request: interactive(
          viewPayload('view_submission', i.user, 'report', meta(i.target, i.step), i.values),
        ),
        expected: [200],
      };
    case 'closed':
      return {
        request: interactive(viewPayload('view_closed', i.user, 'report', meta(i.target, 0), i.values)),
        expected: [200],
      };
    case 'view':
      return {
        request: interactive(viewPayload('view_submission', i.user, i.callback, i.metadata, i.values)),
        expected: [200],
      };
    case 'action':
      return {
        request: interactive(actionPayload(i, i.target ? evaluationOf(i.target) : i.value)),
        expected: [200],
      };
    case 'command': {
      const form = new URLSearchParams({
        token: 'x',
        team_id: 'T0TEST',
        channel_id: 'D-FUZZ',
        user_id: i.user,
        command: i.command,
        text: i.text,
        response_url: `${HOOKS}/commands/T0TEST/fuzz`,
        trigger_id: trigger(),
      });
      return { request: { body: form.toString(), contentType: FORM }, expected: [200] };
    }
    case 'raw':
      return { request: { body: i.body, contentType: i.contentType }, expected: [200, 400] };
  }
}

/** The signature headers for a body, as `how` says. */
export function signingHeaders(how: Signing, body: string): Record<string, string> {
  switch (how) {
    case 'signed':
      return signedHeaders(body);
    case 'forged':
      return signedHeaders(body, nowSeconds(), 'not-the-signing-secret');
    case 'stale':
      return signedHeaders(body, nowSeconds() - 600);
    case 'unsigned':
      return {};
  }
}
