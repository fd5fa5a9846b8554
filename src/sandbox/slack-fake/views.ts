/**
 * Open views: each user's modal stack (at most 3 deep) and published App Home, with the ids, hashes and
 * state Slack adds, and the JSON Slack shows the app for them.
 */
import { randomBytes } from 'node:crypto';
import { type BlockProblem, checkView, isJsonObject, LIMITS, problemLine, withSlackIds } from './blocks.ts';
import type { SlackWorkspace } from './state.ts';
import type { JsonObject, SlackFakeView, ViewStateValues } from './types.ts';

/** Modals stack at most this deep (views.push's `push_limit_reached`). */
export const MAX_VIEW_STACK = 3;

/** A Slack error body: `{ ok: false, error }`, with `response_metadata.messages` when Slack gives lines. */
export type SlackErrorBody = {
  ok: false;
  error: string;
  response_metadata?: { messages: string[] };
  /** The lines without `[ERROR]`, which `invalid_blocks` also carries. */
  errors?: string[];
};

/** An error body with Slack's `[ERROR]` lines. */
export function errorBody(error: string, lines: string[] = []): SlackErrorBody {
  return lines.length === 0
    ? { ok: false, error }
    : { ok: false, error, response_metadata: { messages: lines } };
}

/** Parses and checks a `view` argument (a JSON string or an object) against Slack's limits. */
export function parseView(raw: unknown, expected?: 'modal' | 'home'): { view: JsonObject } | SlackErrorBody {
  let view: unknown = raw;
  if (typeof raw === 'string') {
    try {
      view = JSON.parse(raw);
    } catch {
      return errorBody('invalid_arguments', ['[ERROR] failed to parse view JSON [json-pointer:/view]']);
    }
  }
  if (!isJsonObject(view))
    return errorBody('invalid_arguments', ['[ERROR] must be an object [json-pointer:/view]']);
  if (Buffer.byteLength(JSON.stringify(view)) > LIMITS.viewBytes) return errorBody('view_too_large');
  const problems: BlockProblem[] = checkView(view);
  if (expected !== undefined && view.type !== undefined && view.type !== expected) {
    problems.push({ message: `must be ${expected}`, pointer: '/view/type' });
  }
  if (problems.length > 0) return errorBody('invalid_arguments', problems.map(problemLine));
  return { view };
}

function textObject(value: unknown): JsonObject | null {
  return isJsonObject(value) ? value : null;
}

/** Keeps what the user typed into inputs whose block_id and action_id survive an update, as Slack does. */
function carriedState(blocks: JsonObject[], previous: ViewStateValues): ViewStateValues {
  const values: ViewStateValues = {};
  for (const block of blocks) {
    if (block.type !== 'input' || typeof block.block_id !== 'string' || !isJsonObject(block.element))
      continue;
    const kept = previous[block.block_id]?.[String(block.element.action_id)];
    if (kept !== undefined) values[block.block_id] = { [String(block.element.action_id)]: kept };
  }
  return values;
}

/** The modal stacks and App Homes of the workspace's users. */
export class ViewStore {
  #ws: SlackWorkspace;
  #stacks = new Map<string, SlackFakeView[]>();
  #homes = new Map<string, SlackFakeView>();
  #live = new Map<string, SlackFakeView>();

  constructor(workspace: SlackWorkspace) {
    this.#ws = workspace;
  }

  /** A user's open modals, root first. */
  stack(userId: string): SlackFakeView[] {
    return [...(this.#stacks.get(userId) ?? [])];
  }

  /** The modal a user sees (top of the stack). */
  current(userId: string): SlackFakeView | undefined {
    return this.#stacks.get(userId)?.at(-1);
  }

  /** Every user's open modals, root first. */
  stacks(): Map<string, SlackFakeView[]> {
    return new Map([...this.#stacks].map(([userId, stack]) => [userId, [...stack]]));
  }

  /** Every published App Home, by user. */
  homes(): Map<string, SlackFakeView> {
    return new Map(this.#homes);
  }

  /** A user's published App Home. */
  home(userId: string): SlackFakeView | undefined {
    return this.#homes.get(userId);
  }

  /** An open modal or a published home by id. */
  get(viewId: string): SlackFakeView | undefined {
    return this.#live.get(viewId);
  }

  byExternalId(externalId: string): SlackFakeView | undefined {
    if (externalId === '') return undefined;
    return [...this.#live.values()].find((view) => view.externalId === externalId);
  }

  /** Opens a modal as a new stack (views.open). */
  open(userId: string, source: JsonObject): SlackFakeView {
    for (const view of this.#stacks.get(userId) ?? []) this.#live.delete(view.id);
    const id = this.#ws.nextId('V');
    const view = this.#build(source, { id, userId, rootViewId: id, previousViewId: null, state: {} });
    this.#stacks.set(userId, [view]);
    this.#live.set(id, view);
    this.#ws.emit('view', { kind: 'opened', view });
    return view;
  }

  /** Pushes a modal on a user's stack (views.push, `response_action: push`). */
  push(userId: string, source: JsonObject): SlackFakeView | SlackErrorBody {
    const stack = this.#stacks.get(userId);
    const top = stack?.at(-1);
    if (stack === undefined || top === undefined) return errorBody('not_found');
    if (stack.length >= MAX_VIEW_STACK) return errorBody('push_limit_reached');
    const id = this.#ws.nextId('V');
    const view = this.#build(source, {
      id,
      userId,
      rootViewId: top.rootViewId,
      previousViewId: top.id,
      state: {},
    });
    stack.push(view);
    this.#live.set(id, view);
    this.#ws.emit('view', { kind: 'pushed', view });
    return view;
  }

  /** Replaces a view's content in place (views.update, `response_action: update`). */
  update(view: SlackFakeView, source: JsonObject): SlackFakeView {
    const next = this.#build(source, {
      id: view.id,
      userId: view.userId,
      rootViewId: view.rootViewId,
      previousViewId: view.previousViewId,
      state: view.state.values,
    });
    Object.assign(view, next);
    if (view.type === 'home') this.#ws.emit('home', { view });
    else this.#ws.emit('view', { kind: 'updated', view });
    return view;
  }

  /** Publishes a user's App Home (views.publish); the home keeps its id across publishes. */
  publish(userId: string, source: JsonObject): SlackFakeView {
    const existing = this.#homes.get(userId);
    if (existing !== undefined) {
      this.update(existing, source);
      return existing;
    }
    const id = this.#ws.nextId('V');
    const view = this.#build(source, { id, userId, rootViewId: id, previousViewId: null, state: {} });
    this.#homes.set(userId, view);
    this.#live.set(id, view);
    this.#ws.emit('home', { view });
    return view;
  }

  /** Puts back a user's App Home published in an earlier run, with its id. */
  restoreHome(view: SlackFakeView): void {
    this.#homes.set(view.userId, view);
    this.#live.set(view.id, view);
  }

  /** Records the field errors of `response_action: errors`; the view stays open. */
  setErrors(view: SlackFakeView, errors: Record<string, string>): void {
    view.errors = errors;
    this.#ws.emit('view', { kind: 'errors', view });
  }

  /** Records what the user typed, as the client does before a submission or an action. */
  setState(view: SlackFakeView, values: ViewStateValues): void {
    view.state = { values };
    view.errors = null;
  }

  /** Closes the top modal of a user's stack and returns it. */
  closeTop(userId: string): SlackFakeView | undefined {
    const stack = this.#stacks.get(userId);
    const view = stack?.pop();
    if (stack === undefined || view === undefined) return undefined;
    if (stack.length === 0) this.#stacks.delete(userId);
    this.#closed(view);
    return view;
  }

  /** Closes every modal of a user's stack (`response_action: clear`, the X button) and returns them. */
  clear(userId: string): SlackFakeView[] {
    const stack = this.#stacks.get(userId) ?? [];
    this.#stacks.delete(userId);
    for (const view of [...stack].reverse()) this.#closed(view);
    return stack;
  }

  #closed(view: SlackFakeView): void {
    this.#live.delete(view.id);
    this.#ws.emit('view', { kind: 'closed', view });
  }

  #build(
    source: JsonObject,
    at: {
      id: string;
      userId: string;
      rootViewId: string;
      previousViewId: string | null;
      state: ViewStateValues;
    },
  ): SlackFakeView {
    const blocks = withSlackIds(Array.isArray(source.blocks) ? source.blocks : []);
    return {
      id: at.id,
      type: source.type === 'home' ? 'home' : 'modal',
      userId: at.userId,
      rootViewId: at.rootViewId,
      previousViewId: at.previousViewId,
      hash: `${Math.floor(this.#ws.now() / 1000)}.${randomBytes(6).toString('base64url')}`,
      callbackId: typeof source.callback_id === 'string' ? source.callback_id : '',
      externalId: typeof source.external_id === 'string' ? source.external_id : '',
      privateMetadata: typeof source.private_metadata === 'string' ? source.private_metadata : '',
      notifyOnClose: source.notify_on_close === true,
      clearOnClose: source.clear_on_close === true,
      title: textObject(source.title),
      submit: textObject(source.submit),
      close: textObject(source.close),
      blocks,
      state: { values: carriedState(blocks, at.state) },
      errors: null,
    };
  }
}

/** The view as Slack shows it to the app, in API answers and interaction payloads. */
export function viewPayload(view: SlackFakeView, workspace: SlackWorkspace): JsonObject {
  return {
    id: view.id,
    team_id: workspace.team.id,
    type: view.type,
    title: view.title,
    close: view.close,
    submit: view.submit,
    blocks: view.blocks,
    private_metadata: view.privateMetadata,
    callback_id: view.callbackId,
    state: { values: view.state.values },
    hash: view.hash,
    clear_on_close: view.clearOnClose,
    notify_on_close: view.notifyOnClose,
    root_view_id: view.rootViewId,
    previous_view_id: view.previousViewId,
    app_id: workspace.bot.appId,
    external_id: view.externalId,
    app_installed_team_id: workspace.team.id,
    bot_id: workspace.bot.botId,
  };
}
