import { type Command, Option } from 'commander';
import { loadDigest } from '../../app/load-digest.ts';
import { DEFAULT_DIGEST_DAYS } from '../../domain/digest.ts';
import type { Locale } from '../../domain/model.ts';
import { digestToCsv, digestToMarkdown } from '../../views/digest-views.ts';
import { parseDay, writeOutput } from './cli-files.ts';
import { type CliRuntime, CliUserError, withStore } from './runtime.ts';

type ExportDigestOptions = {
  format: 'csv' | 'md';
  project?: string;
  since?: string;
  until?: string;
  locale?: Locale;
  out?: string;
};

const DAY_MS = 86_400_000;

/**
 * `desk export digest`: the curriculum digest as CSV (one table, a `section` column per kind of
 * row: see `digestToCsv`) or Markdown, for one project or all, over a period of whole UTC days.
 */
export function registerExportDigestCommand(exportCommand: Command, runtime: CliRuntime): Command {
  return exportCommand
    .command('digest')
    .description('the curriculum digest: pass rates, most failed criteria, grouped feedback (anonymous)')
    .addOption(new Option('--format <format>', 'csv or md (Markdown)').choices(['csv', 'md']).default('csv'))
    .option('--project <id>', 'only this project')
    .option('--since <YYYY-MM-DD>', `first day (UTC); default: ${DEFAULT_DIGEST_DAYS} days before --until`)
    .option('--until <YYYY-MM-DD>', 'last day, included (UTC); default: up to now')
    .addOption(
      new Option('--locale <locale>', 'language of the Markdown (default: the organisation’s)').choices([
        'en',
        'fr',
      ]),
    )
    .option('--out <file>', 'write to this file instead of the standard output')
    .action(async (options: ExportDigestOptions) => {
      const until =
        options.until === undefined
          ? runtime.clock.now()
          : new Date(parseDay(options.until, '--until').getTime() + DAY_MS);
      const since = options.since === undefined ? null : parseDay(options.since, '--since');
      if (since && since.getTime() >= until.getTime()) {
        throw new CliUserError(`--since (${options.since}) must not be after --until`);
      }
      const document = await withStore(runtime, async (store) => {
        if (options.project !== undefined && !(await store.org.getProject(options.project))) {
          const known = (await store.org.listProjects()).map((p) => p.id);
          throw new CliUserError(
            `unknown project "${options.project}"; known projects: ${known.join(', ') || '(none imported)'}`,
          );
        }
        const digest = await loadDigest(store, { project: options.project ?? null, since, until });
        const locale = options.locale ?? (await store.org.getSettings())?.defaultLocale ?? 'en';
        const text = options.format === 'csv' ? digestToCsv(digest) : digestToMarkdown(digest, locale);
        return { text, projects: digest.projects.length };
      });
      if (options.out === undefined) {
        runtime.io.stdout(document.text);
        return;
      }
      await writeOutput(options.out, document.text);
      runtime.io.stderr(
        `Wrote the digest of ${document.projects} project${document.projects === 1 ? '' : 's'} to ${options.out}\n`,
      );
    });
}
