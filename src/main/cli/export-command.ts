import { type Command, Option } from 'commander';
import { loadReportRows, reportsToCsv, reportsToMarkdown } from '../../app/export-reports.ts';
import { parseDay, writeOutput } from './cli-files.ts';
import { registerExportDigestCommand } from './export-digest-command.ts';
import { type CliRuntime, CliUserError, withStore } from './runtime.ts';

type ExportReportsOptions = { format: 'csv' | 'md'; path?: string; since?: string; out?: string };

/** `desk export <what>`: one subcommand per export (reports, digest). */
export function registerExportCommand(program: Command, runtime: CliRuntime): Command {
  const exportCommand = program
    .command('export')
    .description('export reports or the curriculum digest as CSV or Markdown');
  exportCommand
    .command('reports')
    .description('the latest version of every submitted report')
    .addOption(new Option('--format <format>', 'csv or md (Markdown)').choices(['csv', 'md']).default('csv'))
    .option('--path <id>', 'only reports of projects on this path')
    .option('--since <YYYY-MM-DD>', 'only reports submitted on or after this date (UTC)')
    .option('--out <file>', 'write to this file instead of the standard output')
    .action(async (options: ExportReportsOptions) => {
      const since = options.since === undefined ? undefined : parseDay(options.since);
      const document = await withStore(runtime, async (store) => {
        if (options.path !== undefined && !(await store.org.getPath(options.path))) {
          const known = (await store.org.listPaths()).map((p) => p.id);
          throw new CliUserError(
            `unknown path "${options.path}"; known paths: ${known.join(', ') || '(none imported)'}`,
          );
        }
        const rows = await loadReportRows(store, {
          ...(options.path === undefined ? {} : { path: options.path }),
          ...(since === undefined ? {} : { since }),
        });
        const settings = await store.org.getSettings();
        const text =
          options.format === 'csv'
            ? reportsToCsv(rows)
            : reportsToMarkdown(rows, {
                generatedAt: runtime.clock.now(),
                ...(settings ? { organisation: settings.name } : {}),
              });
        return { text, count: rows.length };
      });
      if (options.out === undefined) {
        runtime.io.stdout(document.text);
        return;
      }
      await writeOutput(options.out, document.text);
      runtime.io.stderr(
        `Wrote ${document.count} report${document.count === 1 ? '' : 's'} to ${options.out}\n`,
      );
    });
  registerExportDigestCommand(exportCommand, runtime);
  return exportCommand;
}
