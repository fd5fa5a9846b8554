import type { Command } from 'commander';
import { stringify } from 'yaml';
import { commands } from '../../../commands/index.ts';
import { slackManifest } from '../../adapters/slack/slack-manifest.ts';
import { createRegistry } from '../../app/commands/command-runner.ts';
import { type CliRuntime, CliUserError } from './runtime.ts';

/** Stands in for the server's address until the operator gives theirs with `--url`. */
export const PLACEHOLDER_URL = 'https://assessor-desk.example.org';

/**
 * `desk slack:manifest`: prints the Slack app manifest (YAML) built from the command registry, to
 * paste into "Create an app → From a manifest" at api.slack.com/apps.
 */
export function registerSlackManifestCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('slack:manifest')
    .description('print the Slack app manifest (YAML): commands, scopes, request URLs, App Home')
    .option(
      '--url <url>',
      'public base URL of the server; Slack posts to <url>/slack/events',
      PLACEHOLDER_URL,
    )
    .option('--socket-mode', 'for Socket Mode (SLACK_APP_TOKEN): no request URLs')
    .action((options: { url: string; socketMode?: boolean }) => {
      let url: URL;
      try {
        url = new URL(options.url);
      } catch {
        throw new CliUserError(`--url expects an address like ${PLACEHOLDER_URL}, got "${options.url}"`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new CliUserError(`--url expects an http(s) address, got "${options.url}"`);
      }
      const manifest = slackManifest(createRegistry(commands), {
        url: `${url.origin}${url.pathname}`,
        socketMode: options.socketMode ?? false,
      });
      runtime.io.stdout(stringify(manifest, { lineWidth: 0 }));
      if (options.url === PLACEHOLDER_URL && !options.socketMode) {
        runtime.io.stderr(`Replace ${PLACEHOLDER_URL} with your server's public address (--url).\n`);
      }
    });
}
