/**
 * Acting as Discord towards the bot: builds INTERACTION_CREATE payloads (slash commands with
 * subcommands, autocomplete, button clicks and select choices on a message, modal submits) with a
 * fresh id and token, the member or user, guild, channel, locale and app permissions, dispatches
 * them on the gateway and waits for the bot's initial response.
 */
import {
  checkSelectValues,
  commandOptions,
  findComponent,
  type ModalValues,
  modalSubmitComponents,
  type OptionValue,
} from './interaction-data.ts';
import { channelJson, memberJson, messageJson, userJson } from './serialize.ts';
import { randomToken, snowflake } from './snowflake.ts';
import { type DiscordFakeState, EVERYONE_PERMISSIONS } from './state.ts';
import type { FakeChannel, FakeUser, InteractionRecord, JsonObject, StoredMessage } from './types.ts';

/** An interaction a person starts in the fake's Discord client. */
export type InteractionInput =
  | {
      kind: 'command';
      name: string;
      subcommandGroup?: string;
      subcommand?: string;
      options?: Record<string, OptionValue>;
      /** Channel the command is typed in; the first guild channel by default. */
      channelId?: string;
    }
  | {
      kind: 'autocomplete';
      name: string;
      subcommandGroup?: string;
      subcommand?: string;
      options?: Record<string, OptionValue>;
      /** The option being typed. */
      focused: string;
      channelId?: string;
    }
  | { kind: 'button'; messageId: string; customId: string }
  | { kind: 'select'; messageId: string; customId: string; values: string[] }
  | { kind: 'modal'; values: ModalValues; customId?: string };

/** The bot's initial response to an interaction. */
export type InteractionOutcome = {
  interaction: InteractionRecord;
  /** Callback type: 4 message, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal. */
  type: number;
  data: JsonObject | null;
};

/** The bot did not answer within the deadline: Discord shows "This interaction failed". */
export class InteractionTimeoutError extends Error {
  readonly interaction: InteractionRecord;

  constructor(interaction: InteractionRecord) {
    super(`the bot did not answer interaction ${interaction.id} in time`);
    this.name = 'InteractionTimeoutError';
    this.interaction = interaction;
  }
}

type Target = { channel: FakeChannel; data: JsonObject; type: number; message: StoredMessage | null };

/** Builds interactions and dispatches them to the bot. */
export class InteractionDriver {
  readonly #state: DiscordFakeState;
  readonly #dispatch: (event: string, data: JsonObject) => void;
  readonly #deadlineMs: number;

  constructor(
    state: DiscordFakeState,
    dispatch: (event: string, data: JsonObject) => void,
    deadlineMs: number,
  ) {
    this.#state = state;
    this.#dispatch = dispatch;
    this.#deadlineMs = deadlineMs;
  }

  /** Sends an interaction as `userId`; resolves with the bot's first response. */
  async interact(userId: string, input: InteractionInput): Promise<InteractionOutcome> {
    const record = this.send(userId, input);
    const answered = await this.#state.waitForResponse(record, this.#deadlineMs);
    if (!answered?.response) throw new InteractionTimeoutError(record);
    return { interaction: answered, type: answered.response.type, data: answered.response.data };
  }

  /** Sends an interaction without waiting; returns its record (the answer lands in `response`). */
  send(userId: string, input: InteractionInput): InteractionRecord {
    const user = this.#state.users.get(userId);
    if (!user || user.bot) throw new Error(`unknown user ${userId}`);
    const target = this.#target(user, input);
    const record = this.#record(user, target);
    // Dispatch first: it throws when no bot is connected, before the state changes. The bot
    // cannot answer before this synchronous code ends, so recording afterwards is safe.
    this.#dispatch('INTERACTION_CREATE', record.payload);
    if (input.kind === 'modal') this.#state.closeModal(user.id);
    this.#state.addInteraction(record);
    return record;
  }

  #target(user: FakeUser, input: InteractionInput): Target {
    const state = this.#state;
    switch (input.kind) {
      case 'command':
      case 'autocomplete': {
        const command = state.commandNamed(input.name);
        const data: JsonObject = {
          id: command?.id ?? snowflake(),
          name: input.name,
          type: 1,
          options: commandOptions(command, {
            ...(input.subcommandGroup === undefined ? {} : { subcommandGroup: input.subcommandGroup }),
            ...(input.subcommand === undefined ? {} : { subcommand: input.subcommand }),
            ...(input.options === undefined ? {} : { options: input.options }),
            ...(input.kind === 'autocomplete' ? { focused: input.focused } : {}),
          }),
          ...(command?.guildId ? { guild_id: command.guildId } : {}),
          ...(command ? { version: command.version } : {}),
        };
        return {
          channel: this.#channel(input.channelId),
          data,
          type: input.kind === 'command' ? 2 : 4,
          message: null,
        };
      }
      case 'button':
      case 'select': {
        const message = state.messages.get(input.messageId);
        if (!message || (message.visibleTo !== null && message.visibleTo !== user.id)) {
          throw new Error(`${user.username} cannot see message ${input.messageId}`);
        }
        const component = findComponent(message.components, input.customId);
        const wanted = input.kind === 'button' ? [2] : [3, 5, 6, 7, 8];
        if (!component || !wanted.includes(Number(component.type))) {
          throw new Error(`message ${message.id} has no ${input.kind} ${input.customId}`);
        }
        if (component.disabled === true) throw new Error(`${input.customId} is disabled`);
        const data: JsonObject = { custom_id: input.customId, component_type: component.type };
        if (typeof component.id === 'number') data.id = component.id;
        if (input.kind === 'select') {
          checkSelectValues(component, input.values);
          data.values = input.values;
        }
        return { channel: this.#channel(message.channelId), data, type: 3, message };
      }
      case 'modal': {
        const modal = state.openModals.get(user.id);
        if (!modal) throw new Error(`${user.username} has no modal open`);
        if (input.customId !== undefined && modal.data.custom_id !== input.customId) {
          throw new Error(`the open modal is ${String(modal.data.custom_id)}, not ${input.customId}`);
        }
        const data = {
          custom_id: modal.data.custom_id,
          components: modalSubmitComponents(modal.data, input.values),
        };
        const message = modal.sourceMessageId ? (state.messages.get(modal.sourceMessageId) ?? null) : null;
        return { channel: this.#channel(modal.channelId), data, type: 5, message };
      }
    }
  }

  #channel(channelId: string | undefined): FakeChannel {
    const channel = channelId ? this.#state.channels.get(channelId) : this.#state.guildChannels()[0];
    if (!channel) throw new Error(`unknown channel ${channelId ?? '(none in the guild)'}`);
    return channel;
  }

  #record(user: FakeUser, target: Target): InteractionRecord {
    const state = this.#state;
    const id = snowflake();
    const token = randomToken('aW50ZXJhY3Rpb24');
    const inGuild = target.channel.type === 0;
    const payload: JsonObject = {
      app_permissions: EVERYONE_PERMISSIONS,
      application_id: state.applicationId,
      attachment_size_limit: 10_485_760,
      authorizing_integration_owners: { '0': state.guild.id },
      channel: {
        ...channelJson(state, target.channel),
        ...(inGuild ? { permissions: EVERYONE_PERMISSIONS } : {}),
      },
      channel_id: target.channel.id,
      context: inGuild ? 0 : 1,
      data: target.data,
      entitlement_sku_ids: [],
      entitlements: [],
      id,
      locale: user.locale,
      token,
      type: target.type,
      version: 1,
      ...(inGuild
        ? {
            guild: { id: state.guild.id, locale: 'en-US', features: [] },
            guild_id: state.guild.id,
            guild_locale: 'en-US',
            member: memberJson(state, user, EVERYONE_PERMISSIONS),
          }
        : { user: userJson(user) }),
      ...(target.message ? { message: messageJson(state, target.message) } : {}),
    };
    return {
      id,
      token,
      type: target.type,
      userId: user.id,
      channelId: target.channel.id,
      guildId: inGuild ? state.guild.id : null,
      createdAt: new Date(),
      payload,
      response: null,
      sourceMessageId: target.message?.id ?? null,
      originalMessageId: null,
      followupIds: [],
      choices: null,
    };
  }
}
