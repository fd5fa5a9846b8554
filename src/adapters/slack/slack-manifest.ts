/**
 * The Slack app manifest (issue item 8): display information, one slash command per command group
 * of the registry, the bot scopes the product uses and no others, the one request URL for
 * commands, interactivity and events, and the App Home. Pure data; the CLI prints it as YAML.
 */
import type { CommandRegistry } from '../../app/commands/command-runner.ts';
import { usageOf } from '../../app/commands/parse-options.ts';
import { isMessageKey, t } from '../../domain/catalog/index.ts';
import type { Locale } from '../../domain/model.ts';

/** Where Slack sends commands, interactivity and events. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Events the app subscribes to. */
export const SLACK_EVENTS = ['app_home_opened'] as const;

/**
 * The bot scopes, one per need: slash commands (`commands`); `chat.postMessage`, `chat.update`
 * and `chat.postEphemeral` (`chat:write`); `conversations.open` for DMs (`im:write`);
 * `files.getUploadURLExternal` and `files.completeUploadExternal` (`files:write`). `views.open`,
 * `views.update`, `views.publish` and the `app_home_opened` event need none.
 */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'im:write', 'files:write'] as const;

/** The product's name as Slack shows it. */
export const SLACK_APP_NAME = 'Assessor Desk';

/** The top-level commands of the registry, in its order (`assess`, `mentor`, …). */
export function commandGroups(registry: CommandRegistry): string[] {
  const groups: string[] = [];
  for (const path of registry.keys()) {
    const group = path.split(' ')[0] ?? '';
    if (group && !groups.includes(group)) groups.push(group);
  }
  return groups;
}

/** One slash command of the manifest. */
export type SlackManifestCommand = {
  command: string;
  description: string;
  usage_hint: string;
  should_escape: boolean;
  url?: string;
};

/** The parts of Slack's app manifest the product sets. */
export type SlackManifest = {
  display_information: { name: string; description: string; background_color: string };
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: SlackManifestCommand[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
};

/** Slack's limits for a slash command's description and usage hint. */
const DESCRIPTION_MAX = 2000;
const USAGE_HINT_MAX = 1000;

function groupDescription(registry: CommandRegistry, group: string, locale: Locale): string {
  const key = `slack.command.${group}`;
  if (isMessageKey(key)) return t(locale, key);
  const first = [...registry.keys()].find((path) => path.startsWith(`${group} `));
  const fallback = first ? `command.${first}` : '';
  return isMessageKey(fallback) ? t(locale, fallback) : group;
}

/** `queue | report [evaluation] | accept <evaluation> | …`: the subcommands and their options. */
function usageHint(registry: CommandRegistry, group: string): string {
  const hints = [...registry.values()]
    .filter((spec) => spec.path.startsWith(`${group} `))
    .map((spec) => usageOf(spec.path, spec.options).replace(`/${group} `, ''));
  const hint = hints.join(' | ');
  return hint.length <= USAGE_HINT_MAX ? hint : `${hint.slice(0, USAGE_HINT_MAX - 1)}…`;
}

/** Where Slack reaches the app, and how. */
export type ManifestOptions = {
  /** The public base URL of the server (`https://desk.example.org`); unused in Socket Mode. */
  url: string;
  /** Socket Mode: Slack needs no request URL. */
  socketMode?: boolean;
  locale?: Locale;
};

/** The manifest for the commands of `registry`. */
export function slackManifest(registry: CommandRegistry, options: ManifestOptions): SlackManifest {
  const locale = options.locale ?? 'en';
  const socketMode = options.socketMode ?? false;
  const requestUrl = `${options.url.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}`;
  const withUrl = socketMode ? {} : { request_url: requestUrl };
  return {
    display_information: {
      name: SLACK_APP_NAME,
      description: t(locale, 'slack.manifest.description').slice(0, 139),
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: SLACK_APP_NAME, always_online: true },
      slash_commands: commandGroups(registry).map((group) => ({
        command: `/${group}`,
        ...(socketMode ? {} : { url: requestUrl }),
        description: groupDescription(registry, group, locale).slice(0, DESCRIPTION_MAX),
        usage_hint: usageHint(registry, group),
        should_escape: false,
      })),
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...withUrl, bot_events: [...SLACK_EVENTS] },
      interactivity: { is_enabled: true, ...withUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: socketMode,
      token_rotation_enabled: false,
    },
  };
}
