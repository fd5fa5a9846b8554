import { Command, CommanderError } from 'commander';
import { registerAssignCommand } from './assign-command.ts';
import { registerDiscordRegisterCommand } from './discord-register-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerImportCommand } from './import-command.ts';
import { registerRequestsCommand } from './requests-command.ts';
import { type CliRuntime, reportFailure } from './runtime.ts';
import { registerSlackManifestCommand } from './slack-manifest-command.ts';

/** The `desk` program with every command registered; each command lives in its own module. */
export function buildProgram(runtime: CliRuntime): Command {
  const program = new Command('desk')
    .description('Assessor Desk administration: organisation import, exports, assignment')
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => runtime.io.stdout(text),
      writeErr: (text) => runtime.io.stderr(text),
    });
  registerImportCommand(program, runtime);
  registerExportCommand(program, runtime);
  registerAssignCommand(program, runtime);
  registerRequestsCommand(program, runtime);
  registerDiscordRegisterCommand(program, runtime);
  registerSlackManifestCommand(program, runtime);
  // Commander would call process.exit itself; throwing lets `runCli` own the exit code.
  const exitOverride = (command: Command) => {
    command.exitOverride();
    for (const sub of command.commands) exitOverride(sub);
  };
  exitOverride(program);
  return program;
}

/** Runs the CLI with `argv` (as `process.argv`) and returns the exit code: 0, 1 (user error) or 2. */
export async function runCli(argv: readonly string[], runtime: CliRuntime): Promise<number> {
  try {
    await buildProgram(runtime).parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed its own message (usage errors) or the help; keep its code (help: 0).
      return error.exitCode === 0 ? 0 : 1;
    }
    return reportFailure(error, runtime);
  }
}
