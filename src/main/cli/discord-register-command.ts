import type { Command } from 'commander';
import { commands } from '../../../commands/index.ts';
import { buildCommandData, registerCommandData } from '../../adapters/discord/command-data.ts';
import { loadConfig } from '../../config.ts';
import { PlatformError } from '../../ports/chat-platform.ts';
import { type CliRuntime, CliUserError } from './runtime.ts';

/**
 * `desk discord:register`: registers the Discord commands built from the command registry, in the
 * guild `DISCORD_GUILD_ID` when set (instant), globally otherwise. `--dry-run` prints them instead.
 */
export function registerDiscordRegisterCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('discord:register')
    .description('register the Discord slash commands (in DISCORD_GUILD_ID when set, globally otherwise)')
    .option('--dry-run', 'print the command definitions as JSON instead of registering them')
    .action(async (options: { dryRun?: boolean }) => {
      const data = buildCommandData(commands);
      if (options.dryRun) {
        runtime.io.stdout(`${JSON.stringify(data, null, 2)}\n`);
        return;
      }
      const config = loadConfig(runtime.env);
      if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
        throw new CliUserError('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to register commands');
      }
      const result = await registerCommandData({
        api: config.DISCORD_API_URL,
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        guildId: config.DISCORD_GUILD_ID,
        data,
      }).catch((error: unknown) => {
        // A refusal (bad token, invalid definitions) is the operator's to fix, not a crash.
        if (error instanceof PlatformError && error.permanent)
          throw new CliUserError(`Discord refused the commands: ${error.code} (${error.platformCode})`);
        throw error;
      });
      const where = result.scope === 'guild' ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally';
      runtime.io.stdout(
        `Registered ${result.count} Discord commands ${where}: /${result.names.join(', /')}.\n`,
      );
    });
}
