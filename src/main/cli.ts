/** `npm run desk -- <command>`: the administration CLI (DESIGN §3). */
import { runCli } from './cli/program.ts';
import { defaultRuntime, reportFailure } from './cli/runtime.ts';

try {
  process.exitCode = await runCli(process.argv, await defaultRuntime());
} catch (error) {
  process.exitCode = reportFailure(error, {
    io: { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
    env: process.env,
  });
}
