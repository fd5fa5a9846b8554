import type { Command } from 'commander';
import { assignWaiting } from '../../app/evaluation-admin.ts';
import { type CliRuntime, withContext } from './runtime.ts';

/** `desk assign`: offers every waiting request to the next eligible assessor. */
export function registerAssignCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('assign')
    .description('offer every waiting evaluation request to an eligible assessor')
    .action(async () => {
      const { offered, waiting } = await withContext(runtime, (ctx) => assignWaiting(ctx, { type: 'cli' }));
      runtime.io.stdout(
        `Offered ${offered} waiting request${offered === 1 ? '' : 's'}; ` +
          `${waiting} still waiting for an eligible assessor.\n`,
      );
    });
}
