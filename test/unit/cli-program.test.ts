import { describe, expect, it } from 'vitest';
import { DeskError } from '../../src/domain/errors.ts';
import { runCli } from '../../src/main/cli/program.ts';
import { type CliRuntime, CliUserError, reportFailure } from '../../src/main/cli/runtime.ts';
import type { Store } from '../../src/ports/store.ts';

type Captured = { out: string; err: string };

/** A runtime whose store must never be reached, or fails with `storeError` when opened. */
function fakeRuntime(
  env: NodeJS.ProcessEnv = {},
  storeError?: Error,
): { runtime: CliRuntime; captured: Captured } {
  const captured: Captured = { out: '', err: '' };
  const runtime: CliRuntime = {
    io: {
      stdout: (t) => {
        captured.out += t;
      },
      stderr: (t) => {
        captured.err += t;
      },
    },
    env: { DATABASE_URL: 'sqlite::memory:', ...env },
    openStore: async (): Promise<Store> => {
      throw storeError ?? new Error('the store should not be opened');
    },
    clock: { now: () => new Date('2026-11-30T08:00:00Z') },
  };
  return { runtime, captured };
}

const argv = (...args: string[]) => ['node', 'cli.ts', ...args];

describe('runCli', () => {
  it('prints help with exit code 0', async () => {
    const { runtime, captured } = fakeRuntime();
    expect(await runCli(argv('--help'), runtime)).toBe(0);
    expect(captured.out).toContain('import <file>');
    expect(captured.out).toContain('requests');
  });

  it('rejects an unknown format before touching the database', async () => {
    const { runtime, captured } = fakeRuntime();
    expect(await runCli(argv('export', 'reports', '--format', 'xml'), runtime)).toBe(1);
    expect(captured.err).toBe(
      "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are csv, md.\n",
    );
  });

  it('rejects a malformed --since date and an unknown status', async () => {
    const since = fakeRuntime();
    expect(await runCli(argv('export', 'reports', '--since', '30/11/2026'), since.runtime)).toBe(1);
    expect(since.captured.err).toBe('error: --since expects a date as YYYY-MM-DD, got "30/11/2026"\n');
    const status = fakeRuntime();
    expect(await runCli(argv('requests', '--status', 'offered,lost'), status.runtime)).toBe(1);
    expect(status.captured.err).toMatch(/^error: unknown status "lost"; use one of: requested, /);
  });

  it('reports a missing file in one line', async () => {
    const { runtime, captured } = fakeRuntime();
    expect(await runCli(argv('import', 'missing.yaml'), runtime)).toBe(1);
    expect(captured.err).toBe('error: cannot read missing.yaml: no such file\n');
  });

  it('exits 2 on an unexpected error, with the message and no stack', async () => {
    const { runtime, captured } = fakeRuntime({}, new Error('disk on fire'));
    expect(await runCli(argv('requests'), runtime)).toBe(2);
    expect(captured.err).toBe('unexpected error: disk on fire\n(set LOG_LEVEL=debug for the stack trace)\n');
  });

  it('adds the stack when LOG_LEVEL=debug', async () => {
    const { runtime, captured } = fakeRuntime({ LOG_LEVEL: 'debug' }, new Error('disk on fire'));
    expect(await runCli(argv('assign'), runtime)).toBe(2);
    expect(captured.err).toMatch(/^unexpected error: disk on fire\nError: disk on fire\n\s+at /);
  });

  it('treats an invalid configuration as a user error', async () => {
    const { runtime, captured } = fakeRuntime({ DATABASE_URL: 'mysql://db' });
    expect(await runCli(argv('requests'), runtime)).toBe(1);
    expect(captured.err).toContain('DATABASE_URL');
  });
});

describe('reportFailure', () => {
  const io = () => {
    let err = '';
    return {
      io: {
        stdout: () => undefined,
        stderr: (t: string) => {
          err += t;
        },
      },
      text: () => err,
    };
  };

  it('prints the details of a user error before its reason', () => {
    const sink = io();
    expect(
      reportFailure(new CliUserError('2 errors', ['a.yaml:1:1 x: y', 'a.yaml:2:1 z: w']), {
        io: sink.io,
        env: {},
      }),
    ).toBe(1);
    expect(sink.text()).toBe('a.yaml:1:1 x: y\na.yaml:2:1 z: w\nerror: 2 errors\n');
  });

  it('translates domain errors with the English catalog', () => {
    const sink = io();
    expect(reportFailure(new DeskError('student_not_found', { id: 'kim' }), { io: sink.io, env: {} })).toBe(
      1,
    );
    expect(sink.text()).toBe(
      'error: There is no student "kim". Check the id (as in the organisation file).\n',
    );
  });
});
