/**
 * The command contract. Each file in `commands/` exports one `CommandSpec`: its path (`assess
 * report`), its options (for Slack's text parsing and Discord's typed options), a zod schema that
 * validates them, and a handler that calls use cases and returns a view. The registry checks the
 * role (src/domain/authz.ts) and the schema before the handler runs; both platforms share it.
 */
import type { z } from 'zod';
import type { CommandPath } from '../../domain/authz.ts';
import type { Locale, Person, Platform } from '../../domain/model.ts';
import type { FormTrigger } from '../../ports/chat-platform.ts';
import type { JobQueue } from '../../ports/job-queue.ts';
import type { FormView, MessageView } from '../../views/view-model.ts';
import type { AppContext } from '../context.ts';

/**
 * How an option is typed and offered. `evaluation`, `student`, `project` and `assessor` are ids
 * offered by autocomplete on Discord; `choice` lists fixed values; `date` is `YYYY-MM-DD`;
 * `datetime` is `YYYY-MM-DD HH:mm` (organisation time zone) or ISO 8601.
 */
export type OptionKind =
  | 'text'
  | 'integer'
  | 'date'
  | 'datetime'
  | 'choice'
  | 'evaluation'
  | 'student'
  | 'project'
  | 'assessor';

export type OptionSpec = {
  /** kebab-case, as typed and shown: `evaluation`, `away-from`. */
  name: string;
  kind: OptionKind;
  required: boolean;
  /** For `choice`. */
  choices?: readonly string[];
  /** The last option may take the rest of a Slack command's text (a free-text reason). */
  rest?: boolean;
  /** For `integer`. */
  min?: number;
  max?: number;
  /** For `text`. */
  maxLength?: number;
};

/** Everything a handler may use. */
export type Invocation<Options> = {
  person: Person;
  options: Options;
  locale: Locale;
  /** The organisation's time zone, for dates in replies. */
  timeZone: string;
  platform: Platform;
  ctx: AppContext;
  /** To ask about background jobs (`/jury status`). */
  queue: JobQueue | null;
  /** The user's action that can open a form (Slack `trigger_id`, Discord interaction), when there is one. */
  trigger: FormTrigger | null;
  /** Nudges the outbox relay after a change, so notifications leave at once. */
  afterCommit(): void;
};

/** What a command answers: a message shown only to the person who asked, or a form to open. */
export type CommandReply = { kind: 'message'; message: MessageView } | { kind: 'form'; form: FormView };

/** A command as its file declares it, with the handler's options typed from the schema. */
export type TypedCommandSpec<Schema extends z.ZodType> = {
  path: CommandPath;
  options: readonly OptionSpec[];
  /** Validates the options after they were converted by kind (see parse-options.ts). */
  schema: Schema;
  handle(invocation: Invocation<z.infer<Schema>>): Promise<CommandReply>;
};

/** A command as the registry holds it: the handler only ever receives options its schema accepted. */
export type CommandSpec = {
  path: CommandPath;
  options: readonly OptionSpec[];
  schema: z.ZodType;
  handle(invocation: Invocation<unknown>): Promise<CommandReply>;
};

/** Declares a command; the runner validates options with `schema` before calling `handle`. */
export function defineCommand<Schema extends z.ZodType>(spec: TypedCommandSpec<Schema>): CommandSpec {
  return {
    path: spec.path,
    options: spec.options,
    schema: spec.schema,
    // Sound: the runner passes `schema.safeParse(...).data` as the options.
    handle: (invocation) => spec.handle(invocation as Invocation<z.infer<Schema>>),
  };
}

/** The top-level command (`assess`) and the subcommand (`report`) of a path. */
export function splitPath(path: CommandPath): { group: string; name: string } {
  const [group = '', name = ''] = path.split(' ');
  return { group, name };
}
