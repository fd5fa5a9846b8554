import { type Command, Option } from 'commander';
import { listEvaluations } from '../../app/get-evaluation.ts';
import { EVALUATION_STATUSES, type EvaluationStatus } from '../../domain/model.ts';
import type { EvaluationFilter } from '../../ports/store.ts';
import { type CliRuntime, CliUserError, withContext } from './runtime.ts';
import { renderTable } from './table.ts';

type RequestsOptions = { status?: string; student?: string; project?: string; assessor?: string };

/** `desk requests [--status <s>]`: the evaluations as a table, oldest request first. */
export function registerRequestsCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('requests')
    .description('list evaluation requests and their status')
    .addOption(
      new Option(
        '--status <statuses>',
        `only these statuses, comma-separated: ${EVALUATION_STATUSES.join(', ')}`,
      ),
    )
    .option('--student <id>', 'only this student')
    .option('--project <id>', 'only this project')
    .option('--assessor <id>', 'only evaluations held by this assessor')
    .action(async (options: RequestsOptions) => {
      const filter = toFilter(options);
      const evaluations = await withContext(runtime, (ctx) => listEvaluations(ctx, filter));
      if (evaluations.length === 0) {
        runtime.io.stderr('No evaluations.\n');
        return;
      }
      const rows = evaluations.map((e) => [
        e.id,
        e.student,
        e.project,
        String(e.attempt),
        e.status,
        e.assessor ?? '-',
        e.requestedAt.toISOString().slice(0, 16).replace('T', ' '),
      ]);
      runtime.io.stdout(
        renderTable(['ID', 'STUDENT', 'PROJECT', 'ATTEMPT', 'STATUS', 'ASSESSOR', 'REQUESTED (UTC)'], rows),
      );
    });
}

function toFilter(options: RequestsOptions): EvaluationFilter {
  const filter: EvaluationFilter = {};
  if (options.status !== undefined) filter.status = parseStatuses(options.status);
  if (options.student !== undefined) filter.student = options.student;
  if (options.project !== undefined) filter.project = options.project;
  if (options.assessor !== undefined) filter.assessor = options.assessor;
  return filter;
}

function parseStatuses(text: string): EvaluationStatus[] {
  const known: readonly string[] = EVALUATION_STATUSES;
  const statuses = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = statuses.filter((s) => !known.includes(s));
  if (unknown.length > 0 || statuses.length === 0) {
    throw new CliUserError(
      `unknown status "${unknown[0] ?? text}"; use one of: ${EVALUATION_STATUSES.join(', ')}`,
    );
  }
  return statuses.filter((s): s is EvaluationStatus => known.includes(s));
}
