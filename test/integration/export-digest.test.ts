import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyReportContent } from '../../src/domain/model.ts';
import { runCli } from '../../src/main/cli/program.ts';
import type { CliRuntime } from '../../src/main/cli/runtime.ts';
import { createHarness } from '../helpers/app-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'desk-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI in-process on a harness store holding two reports (it closes the store when done). */
async function desk(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const h = await createHarness();
  const reports = [
    { id: 'E-2001', project: 'web-2-api', at: '2026-11-25T10:00:00Z', verdict: 'not_met' as const },
    { id: 'E-2002', project: 'web-2-api', at: '2026-11-17T10:00:00Z', verdict: 'met' as const },
  ];
  for (const r of reports) {
    const at = new Date(r.at);
    await h.store.evaluations.insert({
      id: r.id,
      student: 'stu-emma',
      project: r.project,
      attempt: 1,
      status: 'to_rework',
      assessor: 'alice',
      requestedBy: null,
      requestedAt: at,
      scheduledAt: null,
      acceptedAt: null,
      dueAt: null,
      submittedAt: at,
      windowEndsAt: null,
      outcome: 'to_rework',
      version: 1,
      updatedAt: at,
    });
    await h.store.reports.insert({
      evaluation: r.id,
      version: 1,
      author: 'alice',
      content: {
        ...emptyReportContent(),
        criteria: { validation: { verdict: r.verdict, comment: '' } },
        outcome: 'to_rework',
        commonMistakes: 'Alice says: Student emma forgot to validate the form inputs.',
      },
      submittedAt: at,
      amendReason: null,
    });
  }
  const captured = { out: '', err: '' };
  const runtime: CliRuntime = {
    io: {
      stdout: (text) => {
        captured.out += text;
      },
      stderr: (text) => {
        captured.err += text;
      },
    },
    env: { DATABASE_URL: 'sqlite::memory:' },
    openStore: async () => h.store,
    clock: h.clock,
  };
  const code = await runCli(['node', 'cli.ts', 'export', 'digest', ...args], runtime);
  return { code, ...captured };
}

describe('desk export digest', () => {
  it('writes the CSV of the last 7 days with the change against the 7 before', async () => {
    const { code, out, err } = await desk('--format', 'csv');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.split('\r\n');
    expect(lines[0]).toBe(
      'project,project_name,section,item,label,count,total,rate_pct,previous_rate_pct,change_pp',
    );
    expect(lines).toContain('web-2-api,REST API,criterion,validation,Input validation,0,1,0.0,100.0,-100.0');
    expect(out).not.toMatch(/alice|emma|E-200/i);
  });

  it('writes Markdown for one project and a period of whole days to a file', async () => {
    const file = join(dir, 'digest.md');
    const { code, err } = await desk(
      '--format',
      'md',
      '--project',
      'web-2-api',
      '--since',
      '2026-11-20',
      '--until',
      '2026-11-26',
      '--locale',
      'fr',
      '--out',
      file,
    );
    expect({ code, err }).toEqual({ code: 0, err: `Wrote the digest of 1 project to ${file}\n` });
    // French puts a no-break space before "%" and writes a true minus sign.
    const markdown = readFileSync(file, 'utf8')
      .replace(/[\u00a0\u202f]/g, ' ')
      .replace(/\u2212/g, '-');
    expect(markdown).toContain('Rapports remis du 2026-11-20 au 2026-11-26');
    expect(markdown).toContain('| Input validation | 1 | 0 % | 100 % | -100 pts |');
  });

  it('rejects an unknown project, a malformed date and an empty period', async () => {
    expect(await desk('--project', 'nope')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^error: unknown project "nope"; known projects: /),
    });
    expect(await desk('--until', '30/11/2026')).toEqual({
      code: 1,
      out: '',
      err: 'error: --until expects a date as YYYY-MM-DD, got "30/11/2026"\n',
    });
    expect(await desk('--since', '2026-12-01', '--until', '2026-11-30')).toMatchObject({
      code: 1,
      err: 'error: --since (2026-12-01) must not be after --until\n',
    });
  });
});
