/**
 * REST routes of the local Discord fake for interaction responses: the one initial callback
 * (within the deadline, never twice), follow-ups and edits through the interaction webhook while
 * its token lives, with the side effects a Discord client would show (messages, updates, modals).
 */
import { DiscordHttpError, errors } from './http-io.ts';
import { checkMessageRules, checkNotEmpty, messageFields } from './message-rules.ts';
import { dispatchMessage } from './rest-message-routes.ts';
import type { RouteHandler, RouteRequest } from './rest-router.ts';
import { messageJson } from './serialize.ts';
import type { ServedRoute } from './served-routes.ts';
import type { InteractionRecord, JsonObject, StoredMessage } from './types.ts';
import { invalidFormBody } from './validation.ts';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

/** Callback types allowed for each interaction type (ping, command, component, autocomplete, modal). */
const ALLOWED: Record<number, number[]> = {
  1: [1],
  2: [4, 5, 9],
  3: [4, 5, 6, 7, 9],
  4: [8],
  5: [4, 5, 6, 7],
};

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flagsOf(data: JsonObject | null): number {
  return data && typeof data.flags === 'number' ? data.flags : 0;
}

function checkCallbackType(record: InteractionRecord, type: number): void {
  const allowed = (ALLOWED[record.type] ?? []).filter((t) =>
    t === 6 || t === 7 ? record.sourceMessageId : true,
  );
  if (!allowed.includes(type)) {
    const error = { code: 'BASE_TYPE_CHOICES', message: `Value must be one of (${allowed.join(', ')}).` };
    throw new DiscordHttpError(400, invalidFormBody([{ path: ['type'], error }]));
  }
}

function sourceMessage(r: RouteRequest, record: InteractionRecord): StoredMessage {
  const message = record.sourceMessageId ? r.fake.state.messages.get(record.sourceMessageId) : undefined;
  if (!message) throw errors.unknownMessage();
  return message;
}

/** Creates the visible effect of a callback; returns the message `@original` now refers to. */
function applyCallback(
  r: RouteRequest,
  record: InteractionRecord,
  type: number,
  data: JsonObject | null,
): StoredMessage | null {
  const { state } = r.fake;
  const ephemeral = (flagsOf(data) & EPHEMERAL) !== 0;
  const common = {
    channelId: record.channelId,
    authorId: state.bot.id,
    webhookId: state.applicationId,
    interactionId: record.id,
    visibleTo: ephemeral ? record.userId : null,
    type: record.type === 2 ? 20 : 0,
  };
  switch (type) {
    case 4: {
      checkMessageRules(data, ['data']);
      const fields = messageFields(data, r.body.files, record.channelId, r.fake.baseUrl());
      checkNotEmpty(fields, data);
      const message = state.createMessage({ ...common, ...fields, flags: flagsOf(data) });
      dispatchMessage(r.fake, 'MESSAGE_CREATE', message);
      return message;
    }
    case 5: {
      const message = state.createMessage({ ...common, flags: LOADING | (ephemeral ? EPHEMERAL : 0) });
      dispatchMessage(r.fake, 'MESSAGE_CREATE', message);
      return message;
    }
    case 6:
      return sourceMessage(r, record);
    case 7: {
      checkMessageRules(data, ['data']);
      const message = sourceMessage(r, record);
      state.editMessage(
        message,
        messageFields(data, r.body.files, record.channelId, r.fake.baseUrl(), message.attachments),
      );
      dispatchMessage(r.fake, 'MESSAGE_UPDATE', message);
      return message;
    }
    case 8:
      record.choices = data && Array.isArray(data.choices) ? data.choices : [];
      return null;
    case 9:
      state.openModal({
        userId: record.userId,
        interactionId: record.id,
        channelId: record.channelId,
        sourceMessageId: record.sourceMessageId,
        data: data ?? {},
        openedAt: new Date(),
      });
      return null;
    default:
      return null;
  }
}

const callback: RouteHandler = (r) => {
  const { state } = r.fake;
  const record = state.interactions.get(r.params.interaction_id ?? '');
  if (!record || record.token !== r.params.interaction_token) throw errors.unknownInteraction();
  if (record.response) throw errors.alreadyAcknowledged();
  if (Date.now() - record.createdAt.getTime() > r.fake.interactionDeadlineMs)
    throw errors.unknownInteraction();
  const body = isRecord(r.body.json) ? r.body.json : {};
  const type = Number(body.type);
  const data = isRecord(body.data) ? body.data : null;
  checkCallbackType(record, type);
  const message = applyCallback(r, record, type, data);
  record.originalMessageId = message?.id ?? null;
  state.answerInteraction(record, { type, data, at: new Date() });
  if (r.query.get('with_response') !== 'true') return {};
  return {
    body: {
      interaction: {
        id: record.id,
        type: record.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: (message.flags & LOADING) !== 0,
              response_message_ephemeral: (message.flags & EPHEMERAL) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message && type !== 6 ? { message: messageJson(state, message) } : {}) },
    },
  };
};

/** The interaction behind a webhook id and token, while its token lives. */
function interactionOf(r: RouteRequest): InteractionRecord {
  if (r.params.webhook_id !== r.fake.state.applicationId) throw errors.unknownWebhook();
  const record = r.fake.state.interactionByToken(r.params.webhook_token ?? '');
  if (!record) throw errors.unknownWebhook();
  if (Date.now() - record.createdAt.getTime() > r.fake.tokenLifetimeMs) throw errors.invalidWebhookToken();
  return record;
}

function webhookMessage(r: RouteRequest, record: InteractionRecord): StoredMessage {
  const id = r.params.message_id ?? record.originalMessageId;
  const own =
    id === record.originalMessageId || (id !== undefined && id !== null && record.followupIds.includes(id));
  const message = id && own ? r.fake.state.messages.get(id) : undefined;
  if (!message) throw errors.unknownMessage();
  return message;
}

function editWebhookMessage(r: RouteRequest, message: StoredMessage): StoredMessage {
  checkMessageRules(r.body.json);
  const fields = messageFields(
    r.body.json,
    r.body.files,
    message.channelId,
    r.fake.baseUrl(),
    message.attachments,
  );
  // Editing a deferred reply turns the "thinking" message into the answer; ephemerality stays.
  const keep = message.flags & EPHEMERAL;
  fields.flags = ((fields.flags ?? message.flags) & ~LOADING) | keep;
  if (message.flags & LOADING)
    checkNotEmpty({ ...fields, attachments: fields.attachments ?? message.attachments }, r.body.json);
  r.fake.state.editMessage(message, fields);
  dispatchMessage(r.fake, 'MESSAGE_UPDATE', message);
  return message;
}

const followUp: RouteHandler = (r) => {
  const { state } = r.fake;
  const record = interactionOf(r);
  if (!record.response) throw errors.unknownWebhook();
  const original = record.originalMessageId ? state.messages.get(record.originalMessageId) : undefined;
  let message: StoredMessage;
  if (original && original.flags & LOADING) {
    // Discord keeps this for compatibility: the first follow-up after a deferral edits the original.
    message = editWebhookMessage(r, original);
  } else {
    checkMessageRules(r.body.json);
    const fields = messageFields(r.body.json, r.body.files, record.channelId, r.fake.baseUrl());
    checkNotEmpty(fields, r.body.json);
    const ephemeral = ((fields.flags ?? 0) & EPHEMERAL) !== 0;
    message = state.createMessage({
      ...fields,
      channelId: record.channelId,
      authorId: state.bot.id,
      webhookId: state.applicationId,
      interactionId: record.id,
      visibleTo: ephemeral ? record.userId : null,
    });
    record.followupIds.push(message.id);
    dispatchMessage(r.fake, 'MESSAGE_CREATE', message);
  }
  return r.query.get('wait') === 'false' ? {} : { body: messageJson(state, message) };
};

const getWebhookMessage: RouteHandler = (r) => {
  const record = interactionOf(r);
  return { body: messageJson(r.fake.state, webhookMessage(r, record)) };
};

const patchWebhookMessage: RouteHandler = (r) => {
  const record = interactionOf(r);
  return { body: messageJson(r.fake.state, editWebhookMessage(r, webhookMessage(r, record))) };
};

const deleteWebhookMessage: RouteHandler = (r) => {
  const record = interactionOf(r);
  r.fake.state.deleteMessage(webhookMessage(r, record));
  return {};
};

/** Handlers for the interaction callback and interaction webhook routes. */
export const interactionRoutes: Partial<Record<ServedRoute, RouteHandler>> = {
  'POST /interactions/{interaction_id}/{interaction_token}/callback': callback,
  'POST /webhooks/{webhook_id}/{webhook_token}': followUp,
  'GET /webhooks/{webhook_id}/{webhook_token}/messages/@original': getWebhookMessage,
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original': patchWebhookMessage,
  'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original': deleteWebhookMessage,
  'GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': getWebhookMessage,
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': patchWebhookMessage,
  'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': deleteWebhookMessage,
};
