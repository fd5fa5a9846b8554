/**
 * views.open, views.push, views.update and views.publish with Slack's checks: a trigger_id is single use
 * and lives 3 s, views respect Slack's limits, stacks are 3 deep, `hash` guards against stale updates.
 */
import { stringArg } from './arguments.ts';
import type { MethodHandler } from './methods.ts';
import type { SlackWorkspace } from './state.ts';
import type { JsonObject, Trigger } from './types.ts';
import { errorBody, parseView, type SlackErrorBody, viewPayload } from './views.ts';

/** Checks the trigger's form first, as Slack does, then the view, and only then uses the trigger. */
function takeTriggerAndView(
  ws: SlackWorkspace,
  args: JsonObject,
): { trigger: Trigger; view: JsonObject } | SlackErrorBody {
  const triggerId = stringArg(args, 'trigger_id') ?? stringArg(args, 'interactivity_pointer') ?? '';
  if (!/^\d+\.\d+\.[0-9a-z]+$/i.test(triggerId)) {
    return errorBody('invalid_arguments', ['invalid `trigger_id`']);
  }
  const parsed = parseView(args.view, 'modal');
  if ('error' in parsed) return parsed;
  const externalId = parsed.view.external_id;
  if (typeof externalId === 'string' && ws.views.byExternalId(externalId) !== undefined) {
    return errorBody('duplicate_external_id');
  }
  const exchanged = ws.exchangeTrigger(triggerId);
  if ('error' in exchanged) return errorBody(exchanged.error);
  return { trigger: exchanged.trigger, view: parsed.view };
}

const open: MethodHandler = (ws, args) => {
  const taken = takeTriggerAndView(ws, args);
  if ('error' in taken) return taken;
  return { ok: true, view: viewPayload(ws.views.open(taken.trigger.userId, taken.view), ws) };
};

const push: MethodHandler = (ws, args) => {
  const taken = takeTriggerAndView(ws, args);
  if ('error' in taken) return taken;
  const pushed = ws.views.push(taken.trigger.userId, taken.view);
  if ('error' in pushed) return pushed;
  return { ok: true, view: viewPayload(pushed, ws) };
};

const update: MethodHandler = (ws, args) => {
  const viewId = stringArg(args, 'view_id');
  const externalId = stringArg(args, 'external_id');
  if ((viewId ?? '') === '' && (externalId ?? '') === '') {
    return errorBody('invalid_arguments', ['[ERROR] missing required field: one of view_id, external_id']);
  }
  const view =
    viewId !== undefined && viewId !== '' ? ws.views.get(viewId) : ws.views.byExternalId(externalId ?? '');
  if (view === undefined) return errorBody('not_found');
  const hash = stringArg(args, 'hash');
  if (hash !== undefined && hash !== '' && hash !== view.hash) return errorBody('hash_conflict');
  const parsed = parseView(args.view, view.type);
  if ('error' in parsed) return parsed;
  return { ok: true, view: viewPayload(ws.views.update(view, parsed.view), ws) };
};

const publish: MethodHandler = (ws, args) => {
  const userId = stringArg(args, 'user_id') ?? '';
  if (ws.user(userId) === undefined) return errorBody('user_not_found');
  const parsed = parseView(args.view, 'home');
  if ('error' in parsed) return parsed;
  const hash = stringArg(args, 'hash');
  const current = ws.views.home(userId);
  if (hash !== undefined && hash !== '' && current !== undefined && hash !== current.hash) {
    return errorBody('hash_conflict');
  }
  return { ok: true, view: viewPayload(ws.views.publish(userId, parsed.view), ws) };
};

/** Handlers of the views methods. */
export const VIEW_METHODS: Record<string, MethodHandler> = {
  'views.open': open,
  'views.update': update,
  'views.push': push,
  'views.publish': publish,
};
