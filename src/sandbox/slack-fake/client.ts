/**
 * Slack's side of the conversation with the app: signed HTTP requests to the app's request URL (slash
 * commands, button clicks, view submissions and closes, Events API callbacks and their retries, URL
 * verification), and what Slack does with the app's acknowledgement.
 */
import { buildViewState, isJsonObject, type SubmittedValue } from './blocks.ts';
import { readMessageContent } from './messages.ts';
import {
  actionEntry,
  eventEnvelope,
  findElement,
  messageActionPayload,
  slackTimestamp,
  slashCommandFields,
  VERIFICATION_TOKEN,
  viewActionPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads.ts';
import { slackSignatureHeaders } from './signing.ts';
import type { SlackWorkspace } from './state.ts';
import type { JsonObject, SlackFakeView } from './types.ts';
import { parseView, viewPayload } from './views.ts';

/** Slack waits this long for an acknowledgement (DESIGN §6). */
export const ACK_TIMEOUT_MS = 3000;

/** The options of {@link SlackFakeClient}. */
export type SlackFakeClientOptions = {
  workspace: SlackWorkspace;
  /** The app's request URL, e.g. `http://127.0.0.1:3000/slack/events`. */
  appUrl: string;
  /** How long to wait for the app's answer; {@link ACK_TIMEOUT_MS} when absent. */
  ackTimeoutMs?: number;
  /** The clock for signature timestamps (Bolt checks them against real time); `Date.now` when absent. */
  clock?: () => number;
};

/** Overrides for forging requests: another timestamp or signature, no signature headers, extra headers. */
export type SendOptions = {
  timestamp?: number;
  signature?: string;
  /** Sends neither `X-Slack-Signature` nor `X-Slack-Request-Timestamp`. */
  unsigned?: boolean;
  headers?: Record<string, string>;
};

/** What the app answered to one request. */
export type Delivery = {
  /** The HTTP status; 0 when the app did not answer within the ack timeout. */
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON. */
  json: unknown;
  durationMs: number;
  timedOut: boolean;
};

/** The outcome of a view submission, as the user would see it. */
export type SubmissionOutcome = 'closed' | 'errors' | 'updated' | 'pushed' | 'cleared' | 'failed' | 'refused';

/** Where a button is: a message (regular or ephemeral) or a view (modal or App Home). */
export type ActionTarget = { channel: string; ts: string } | { viewId: string };

const NO_ANSWER: Delivery = { status: 0, body: '', json: undefined, durationMs: 0, timedOut: false };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends what Slack sends; every method resolves once the app has answered (or the ack timeout passed). */
export class SlackFakeClient {
  readonly workspace: SlackWorkspace;
  readonly appUrl: string;
  #ackTimeoutMs: number;
  #clock: () => number;

  constructor(options: SlackFakeClientOptions) {
    this.workspace = options.workspace;
    this.appUrl = options.appUrl;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    this.#clock = options.clock ?? Date.now;
  }

  /** POSTs a raw body signed with the workspace's signing secret (or forged through `options`). */
  async send(rawBody: string, contentType: string, options: SendOptions = {}): Promise<Delivery> {
    const timestamp = options.timestamp ?? Math.floor(this.#clock() / 1000);
    const signed = slackSignatureHeaders(this.workspace.signingSecret, rawBody, timestamp);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...(options.unsigned === true ? {} : signed),
      ...(options.signature === undefined ? {} : { 'X-Slack-Signature': options.signature }),
      ...options.headers,
    };
    const started = performance.now();
    try {
      const response = await fetch(this.appUrl, {
        method: 'POST',
        headers,
        body: rawBody,
        signal: AbortSignal.timeout(this.#ackTimeoutMs),
      });
      const body = await response.text();
      return {
        status: response.status,
        body,
        json: parseJson(body),
        durationMs: performance.now() - started,
        timedOut: false,
      };
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      if (!timedOut) throw error;
      return { ...NO_ANSWER, durationMs: performance.now() - started, timedOut: true };
    }
  }

  /** Sends an interactivity payload as Slack does: a form with one `payload` field holding JSON. */
  sendInteraction(payload: JsonObject, options?: SendOptions): Promise<Delivery> {
    return this.send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      options,
    );
  }

  /**
   * Types a slash command (`/assess`, `accept E-1001`) in a channel (the user's DM with the app when absent).
   * A non-empty acknowledgement is shown as Slack shows it: ephemeral, or in the channel for `in_channel`.
   */
  async slashCommand(
    userId: string,
    command: string,
    text: string,
    options: { channel?: string } & SendOptions = {},
  ): Promise<Delivery & { triggerId: string; responseUrl: string; fields: URLSearchParams }> {
    const ws = this.workspace;
    if (ws.user(userId) === undefined) throw new Error(`unknown user ${userId}`);
    const channel = options.channel === undefined ? ws.openDm(userId).channel : ws.channel(options.channel);
    if (channel === undefined) throw new Error(`unknown channel ${String(options.channel)}`);
    const triggerId = ws.issueTrigger(userId);
    const responseUrl = ws.issueResponseUrl({
      kind: 'commands',
      userId,
      channel: channel.id,
      messageTs: undefined,
      ephemeral: true,
    });
    const fields = slashCommandFields(ws, { userId, command, text, channel, responseUrl, triggerId });
    const delivery = await this.send(fields.toString(), 'application/x-www-form-urlencoded', options);
    if (delivery.status === 200 && delivery.body.trim() !== '') {
      const reply = isJsonObject(delivery.json) ? delivery.json : { text: delivery.body };
      const content = readMessageContent(reply);
      if (!('error' in content)) {
        if (reply.response_type === 'in_channel') ws.postMessage(channel.id, content, 'command_ack');
        else ws.postEphemeral(channel.id, userId, content, 'command_ack');
      }
    }
    return { ...delivery, triggerId, responseUrl, fields };
  }

  /**
   * Clicks a button (or picks `value` in a select or radio group) with `actionId`, in a message or a view.
   * Message actions carry a `response_url`; view actions carry the view.
   */
  async clickButton(
    userId: string,
    target: ActionTarget,
    actionId: string,
    options: { value?: string } & SendOptions = {},
  ): Promise<Delivery & { triggerId: string; payload: JsonObject }> {
    const ws = this.workspace;
    const actionTs = slackTimestamp(this.#clock());
    if ('viewId' in target) {
      const view = ws.views.get(target.viewId);
      if (view === undefined || view.userId !== userId)
        throw new Error(`${userId} has no view ${target.viewId}`);
      const found = findElement(view.blocks, actionId);
      if (found === undefined) throw new Error(`view ${view.id} has no element ${actionId}`);
      const triggerId = ws.issueTrigger(userId, view.id);
      const action = actionEntry(found, actionTs, options.value);
      const payload = viewActionPayload(ws, { userId, view, action, triggerId });
      return { ...(await this.sendInteraction(payload, options)), triggerId, payload };
    }
    const message = ws.message(target.channel, target.ts) ?? ws.ephemeral(target.channel, target.ts);
    if (message === undefined || message.deleted)
      throw new Error(`no message ${target.ts} in ${target.channel}`);
    if (!('botId' in message) && message.user !== userId)
      throw new Error(`${userId} cannot see that ephemeral`);
    const found = findElement(message.blocks, actionId);
    if (found === undefined) throw new Error(`message ${message.ts} has no element ${actionId}`);
    const triggerId = ws.issueTrigger(userId);
    const responseUrl = ws.issueResponseUrl({
      kind: 'actions',
      userId,
      channel: message.channel,
      messageTs: message.ts,
      ephemeral: !('botId' in message),
    });
    const action = actionEntry(found, actionTs, options.value);
    const payload = messageActionPayload(ws, { userId, message, action, triggerId, responseUrl });
    return { ...(await this.sendInteraction(payload, options)), triggerId, payload };
  }

  /**
   * Submits the modal on top of a user's stack with `values` by input block_id (text, an option value, or
   * option values; inputs left out keep what was typed before), and applies the app's answer as Slack does: errors keep it open with the messages,
   * `update`/`push`/`clear` act on the stack, an empty acknowledgement closes it. Like Slack's client, it
   * refuses to send an empty required input unless `skipClientChecks` is set.
   */
  async submitView(
    userId: string,
    viewId: string,
    values: Record<string, SubmittedValue> = {},
    options: { skipClientChecks?: boolean } & SendOptions = {},
  ): Promise<
    Delivery & {
      outcome: SubmissionOutcome;
      view: SlackFakeView;
      refused?: Record<string, string>;
      problems?: string[];
    }
  > {
    const ws = this.workspace;
    const view = ws.views.current(userId);
    if (view === undefined || view.id !== viewId)
      throw new Error(`${viewId} is not the modal ${userId} sees`);
    const { values: state, refused } = buildViewState(view.blocks, values, view.state.values);
    if (Object.keys(refused).length > 0 && options.skipClientChecks !== true) {
      return { ...NO_ANSWER, outcome: 'refused', view, refused };
    }
    ws.views.setState(view, state);
    const payload = viewSubmissionPayload(ws, userId, view, ws.issueTrigger(userId, view.id));
    const delivery = await this.sendInteraction(payload, options);
    return { ...delivery, ...this.#applySubmissionAnswer(userId, view, delivery) };
  }

  #applySubmissionAnswer(
    userId: string,
    view: SlackFakeView,
    delivery: Delivery,
  ): { outcome: SubmissionOutcome; view: SlackFakeView; problems?: string[] } {
    const ws = this.workspace;
    if (delivery.status !== 200) return { outcome: 'failed', view };
    const answer = isJsonObject(delivery.json) ? delivery.json : {};
    switch (answer.response_action) {
      case 'errors': {
        const errors = isJsonObject(answer.errors) ? answer.errors : {};
        ws.views.setErrors(view, Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, String(v)])));
        return { outcome: 'errors', view };
      }
      case 'update':
      case 'push': {
        const parsed = parseView(answer.view, 'modal');
        if ('error' in parsed)
          return { outcome: 'failed', view, problems: parsed.response_metadata?.messages ?? [parsed.error] };
        if (answer.response_action === 'update')
          return { outcome: 'updated', view: ws.views.update(view, parsed.view) };
        const pushed = ws.views.push(userId, parsed.view);
        return 'error' in pushed
          ? { outcome: 'failed', view, problems: [pushed.error] }
          : { outcome: 'pushed', view: pushed };
      }
      case 'clear':
        ws.views.clear(userId);
        return { outcome: 'cleared', view };
      default:
        ws.views.closeTop(userId);
        return { outcome: 'closed', view };
    }
  }

  /**
   * Closes the modal a user sees (Cancel), or the whole stack with `all` (the X). The view closes at once;
   * the app hears `view_closed` only when the view asked for `notify_on_close`.
   */
  async closeView(
    userId: string,
    viewId: string,
    options: { all?: boolean } & SendOptions = {},
  ): Promise<Delivery & { sent: boolean }> {
    const ws = this.workspace;
    const view = ws.views.current(userId);
    if (view === undefined || view.id !== viewId)
      throw new Error(`${viewId} is not the modal ${userId} sees`);
    const isCleared = options.all === true && ws.views.stack(userId).length > 1;
    if (options.all === true) ws.views.clear(userId);
    else ws.views.closeTop(userId);
    if (!view.notifyOnClose) return { ...NO_ANSWER, sent: false };
    const delivery = await this.sendInteraction(viewClosedPayload(ws, userId, view, isCleared), options);
    return { ...delivery, sent: true };
  }

  /** Sends an Events API callback for one event; the envelope (with its `event_id`) comes back for retries. */
  async sendEvent(event: JsonObject, options?: SendOptions): Promise<Delivery & { envelope: JsonObject }> {
    const envelope = eventEnvelope(this.workspace, event, this.#clock());
    return { ...(await this.send(JSON.stringify(envelope), 'application/json', options)), envelope };
  }

  /** A user opens the app's Home tab (or Messages tab): an `app_home_opened` event. */
  openHome(userId: string, tab: 'home' | 'messages' = 'home'): Promise<Delivery & { envelope: JsonObject }> {
    const ws = this.workspace;
    if (ws.user(userId) === undefined) throw new Error(`unknown user ${userId}`);
    const home = ws.views.home(userId);
    const event: JsonObject = {
      type: 'app_home_opened',
      user: userId,
      channel: ws.openDm(userId).channel.id,
      tab,
      event_ts: slackTimestamp(this.#clock()),
    };
    // Slack adds the published Home view to the event of the Home tab.
    if (tab === 'home' && home !== undefined) event.view = viewPayload(home, ws);
    return this.sendEvent(event);
  }

  /** Resends an event envelope as Slack's retry number `n`, with the retry headers. */
  retry(envelope: JsonObject, n: number, reason = 'http_timeout'): Promise<Delivery> {
    return this.send(JSON.stringify(envelope), 'application/json', {
      headers: { 'X-Slack-Retry-Num': String(n), 'X-Slack-Retry-Reason': reason },
    });
  }

  /** The `url_verification` handshake Slack sends when the request URL is saved; the app echoes `challenge`. */
  async urlVerification(challenge = `challenge-${Date.now()}`): Promise<Delivery & { challenge: string }> {
    const body = JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: 'url_verification' });
    return { ...(await this.send(body, 'application/json')), challenge };
  }
}
