/**
 * Routes Discord interactions: slash commands through the shared command registry (role check,
 * options, handler), autocomplete from the store, the offer and wizard buttons, and modal
 * submissions. An interaction delivered twice (same id) has one effect.
 */
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Interaction,
  ModalSubmitInteraction,
} from 'discord.js';
import { type CommandDeps, type CommandRequest, runCommand } from '../../app/commands/command-runner.ts';
import type { RawOptions } from '../../app/commands/parse-options.ts';
import type { CommandPath } from '../../domain/authz.ts';
import { t } from '../../domain/catalog/index.ts';
import type { Locale, Person } from '../../domain/model.ts';
import { textMessage } from '../../views/text-message.ts';
import { autocompleteChoices, type Choice } from './autocomplete.ts';
import { parseCustomId } from './custom-ids.ts';
import { valuesOf } from './form-modal.ts';
import { type DiscordDeps, failureMessage, identify } from './identity.ts';
import { acceptFromButton, declineFromButton, declineFromModal } from './offer-buttons.ts';
import { answer, type Reply } from './replies.ts';
import { formReply, openStep, submitStep } from './wizard.ts';

/** Autocomplete must answer within 3 s; past this, it answers with no choices. */
const AUTOCOMPLETE_BUDGET_MS = 2500;

function commandDeps(deps: DiscordDeps): CommandDeps {
  return {
    ctx: deps.ctx,
    queue: deps.queue,
    defaultLocale: deps.defaultLocale,
    afterCommit: () => deps.kick(),
    onUnexpected: (error, request) =>
      deps.logger.error(
        { err: error, command: request.group, user: request.platformUserId },
        'command failed',
      ),
  };
}

/** The subcommand and its options as strings, the way the registry parses every platform's input. */
export function commandInput(interaction: ChatInputCommandInteraction): {
  subcommand: string;
  options: RawOptions;
} {
  const subcommand = interaction.options.getSubcommand(false) ?? 'help';
  const leaf =
    interaction.options.data.find((o) => o.name === subcommand)?.options ?? interaction.options.data;
  const options: RawOptions = {};
  for (const option of leaf) if (option.value !== undefined) options[option.name] = String(option.value);
  return { subcommand, options };
}

/** Never rejects: a failure becomes a message to the person. */
function safely(deps: DiscordDeps, locale: Locale, what: string, work: () => Promise<Reply>): Promise<Reply> {
  return work().catch((error: unknown) => ({
    kind: 'message',
    message: failureMessage(deps, locale, error, what),
  }));
}

/** Runs `then` as the person behind the interaction when they may do what `path` does. */
function asPerson(
  deps: DiscordDeps,
  userId: string,
  path: CommandPath,
  then: (person: Person, locale: Locale) => Promise<Reply>,
): Promise<Reply> {
  return safely(deps, deps.defaultLocale, path, async () => {
    const who = await identify(deps, userId, path);
    return who.ok ? then(who.person, who.locale) : { kind: 'message', message: who.message };
  });
}

async function onChatInput(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const request: CommandRequest = {
    platform: 'discord',
    platformUserId: interaction.user.id,
    group: interaction.commandName,
    input: commandInput(interaction),
    trigger: { platform: 'discord', token: `${interaction.id}:${interaction.token}` },
  };
  const work = safely(deps, deps.defaultLocale, request.group, async () => {
    const reply = await runCommand(deps.registry, commandDeps(deps), request);
    if (reply.kind === 'message') return { kind: 'message', message: reply.message };
    const person = await deps.ctx.store.people.findPersonByPlatform('discord', interaction.user.id);
    return formReply(reply.form, person?.locale ?? deps.defaultLocale);
  });
  await answer(interaction, work, 'reply');
}

function unknown(deps: DiscordDeps): Promise<Reply> {
  return Promise.resolve({
    kind: 'message',
    message: textMessage(t(deps.defaultLocale, 'discord.interaction.unknown')),
  });
}

async function onButton(deps: DiscordDeps, interaction: ButtonInteraction): Promise<void> {
  const id = parseCustomId(interaction.customId);
  const user = interaction.user.id;
  switch (id.kind) {
    case 'offer.accept':
      return answer(
        interaction,
        asPerson(deps, user, 'assess accept', (p, l) => acceptFromButton(deps, p, l, id.evaluation)),
        'update',
      );
    case 'offer.decline':
      return answer(
        interaction,
        asPerson(deps, user, 'assess decline', (p, l) => declineFromButton(deps, p, l, id.evaluation)),
        'reply',
      );
    case 'report.continue':
      return answer(
        interaction,
        asPerson(deps, user, 'assess report', (p, l) => openStep(deps, p, l, id.evaluation, id.step)),
        'reply',
      );
    default:
      return answer(interaction, unknown(deps), 'reply');
  }
}

async function onModalSubmit(deps: DiscordDeps, interaction: ModalSubmitInteraction): Promise<void> {
  const id = parseCustomId(interaction.customId);
  const user = interaction.user.id;
  switch (id.kind) {
    case 'report': {
      const values = valuesOf(interaction.fields);
      return answer(
        interaction,
        asPerson(deps, user, 'assess report', (p, l) =>
          submitStep(deps, p, l, id.evaluation, id.step, values),
        ),
        'update',
      );
    }
    case 'decline': {
      const values = valuesOf(interaction.fields);
      return answer(
        interaction,
        asPerson(deps, user, 'assess decline', (p, l) => declineFromModal(deps, p, l, id.evaluation, values)),
        'update',
      );
    }
    default:
      return answer(interaction, unknown(deps), 'reply');
  }
}

async function onAutocomplete(deps: DiscordDeps, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const work = autocompleteChoices(deps.ctx, deps.registry, {
    userId: interaction.user.id,
    group: interaction.commandName,
    subcommand: interaction.options.getSubcommand(false) ?? '',
    option: focused.name,
    typed: String(focused.value),
  }).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'discord autocomplete failed');
    return [] as Choice[];
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Choice[]>((resolve) => {
    timer = setTimeout(() => resolve([]), AUTOCOMPLETE_BUDGET_MS);
  });
  const choices = await Promise.race([work, late]);
  clearTimeout(timer);
  await interaction.respond(choices);
}

/** The `interactionCreate` listener: routes each interaction and logs what could not be answered. */
export function createInteractionHandler(deps: DiscordDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (interaction.isAutocomplete()) return await onAutocomplete(deps, interaction);
      if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit())
        return;
      const key = `discord-interaction-${interaction.id}`;
      if (!(await deps.ctx.store.idempotency.claim(key, deps.ctx.clock.now()))) {
        deps.logger.debug({ interaction: interaction.id }, 'duplicate discord interaction ignored');
        return;
      }
      if (interaction.isChatInputCommand()) return await onChatInput(deps, interaction);
      if (interaction.isButton()) return await onButton(deps, interaction);
      return await onModalSubmit(deps, interaction);
    } catch (error) {
      deps.logger.error(
        { err: error, interaction: interaction.id },
        'discord interaction could not be answered',
      );
    }
  };
}
