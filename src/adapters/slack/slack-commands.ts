/**
 * Slash commands: one Bolt listener per group (`/assess`, `/mentor`, …) feeding the shared command
 * runner. Slack wants an answer within 3 s, so the command runs against a short deadline: a reply
 * ready in time goes back in the acknowledgement itself (one round trip), a slower one is
 * acknowledged empty and sent through `response_url` when done. A form opens at once with the
 * command's `trigger_id` (it lives 3 s).
 */
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { CommandRequest } from '../../app/commands/command-runner.ts';
import { runCommand } from '../../app/commands/command-runner.ts';
import type { CommandReply } from '../../app/commands/command-spec.ts';
import { splitWords } from '../../app/commands/parse-options.ts';
import { t } from '../../domain/catalog/index.ts';
import { textMessage } from '../../views/text-message.ts';
import type { FormView } from '../../views/view-model.ts';
import { formModal, messageBlocks } from './block-kit.ts';
import { personOf, type SlackDeps, tr } from './slack-context.ts';
import { toPlatformError } from './slack-errors.ts';
import { commandGroups } from './slack-manifest.ts';

/** How long a command may take and still answer in the acknowledgement. */
export const COMMAND_DEADLINE_MS = 1_500;

/** Subcommands whose effect shows on the person's Home tab. */
const CHANGES_HOME = new Set([
  'assess accept',
  'assess decline',
  'assess claim',
  'assess decide',
  'assess availability',
  'assess schedule',
]);

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const LATE = Symbol('late');

function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Opens a command's form; when Slack refuses the trigger, says so under the command instead. */
async function openCommandForm(deps: SlackDeps, args: CommandArgs, form: FormView): Promise<void> {
  const person = await personOf(deps, args.command.user_id);
  const locale = person?.locale ?? deps.defaultLocale;
  try {
    await args.client.views.open({
      trigger_id: args.command.trigger_id,
      view: formModal(form, { closeLabel: tr(locale, 'slack.form.close') }),
    });
  } catch (error) {
    const failure = toPlatformError(error);
    const key = failure.code === 'trigger_expired' ? 'slack.form.trigger_expired' : 'command.failed';
    if (failure.code !== 'trigger_expired') deps.logger.error({ err: error }, 'slack views.open failed');
    await args.respond({ response_type: 'ephemeral', ...messageBlocks(textMessage(t(locale, key))) });
  }
}

async function handleCommand(deps: SlackDeps, group: string, args: CommandArgs): Promise<void> {
  const { command, ack, respond } = args;
  const request: CommandRequest = {
    platform: 'slack',
    platformUserId: command.user_id,
    group,
    input: { text: command.text ?? '' },
    trigger: { platform: 'slack', token: command.trigger_id },
  };
  const running: Promise<CommandReply> = runCommand(deps.registry, deps.commandDeps, request).catch(
    (error: unknown) => {
      deps.commandDeps.onUnexpected(error, request);
      return { kind: 'message', message: textMessage(t(deps.defaultLocale, 'command.failed')) };
    },
  );
  const early = await within(running, COMMAND_DEADLINE_MS);
  if (early !== LATE && early.kind === 'message') {
    await ack({ response_type: 'ephemeral', ...messageBlocks(early.message) });
  } else {
    await ack();
    const reply = early === LATE ? await running : early;
    if (reply.kind === 'form') await openCommandForm(deps, args, reply.form);
    else await respond({ response_type: 'ephemeral', ...messageBlocks(reply.message) });
  }
  const path = `${group} ${(splitWords(command.text ?? '')[0] ?? 'help').toLowerCase()}`;
  if (CHANGES_HOME.has(path)) await deps.publishHome(command.user_id);
}

/** Registers `/<group>` for every group of the registry. */
export function registerCommands(app: App, deps: SlackDeps): void {
  for (const group of commandGroups(deps.registry)) {
    app.command(`/${group}`, async (args) => {
      try {
        await handleCommand(deps, group, args);
      } catch (error) {
        // The acknowledgement is out; what failed after it (response_url, views.open) is only logged.
        deps.logger.warn({ err: error, command: `/${group}` }, 'slack command failed after acknowledgement');
      }
    });
  }
}
