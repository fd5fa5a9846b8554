import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { loadReportRows, reportsToCsv, reportsToMarkdown } from '../../app/export-reports.ts';
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

/** A `YYYY-MM-DD` day as the instant it starts in UTC. */
export function parseDay(text: string): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== text
  ) {
    throw new CliUserError(`--since expects a date as YYYY-MM-DD, got "${text}"`);
  }
  return date;
}

async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') throw new CliUserError(`cannot write ${file}: its folder does not exist`);
    if (code === 'EISDIR') throw new CliUserError(`cannot write ${file}: it is a directory`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new CliUserError(`cannot write ${file}: permission denied`);
    throw error;
  }
}
