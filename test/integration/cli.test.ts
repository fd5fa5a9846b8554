import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open-store.ts';

const DEMO = 'examples/org.demo.yaml';
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-cli-'));
  dirs.push(dir);
  return dir;
}

type Run = { code: number; stdout: string; stderr: string };

/** Runs the real CLI in a child process against the SQLite database in `dir`. */
function desk(dir: string, ...args: string[]): Promise<Run> {
  const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'desk.db')}`, LOG_LEVEL: 'info' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', ...args],
      { env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function withDb<T>(dir: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(`sqlite:${join(dir, 'desk.db')}`);
  try {
    await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}

function dump(store: Store) {
  return Promise.all([
    store.org.getSettings(),
    store.org.listPaths(),
    store.org.listProjects(),
    store.org.getChannels(),
    store.people.listPeople(),
    store.people.listStudents(),
  ]);
}

describe('desk CLI', () => {
  it('imports the demo organisation idempotently', async () => {
    const dir = tempDir();
    const first = await desk(dir, 'import', DEMO);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 paths, 8 projects, 19 people, 30 students');
    expect(first.stdout).toMatch(/[1-9]\d* inserted, 0 updated/);
    const before = await withDb(dir, dump);
    expect(before[4]).toHaveLength(19);
    expect(before[5]).toHaveLength(30);

    const second = await desk(dir, 'import', DEMO);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/\b0 inserted, 0 updated, \d+ unchanged, 0 deactivated/);
    expect(await withDb(dir, dump)).toEqual(before);
    const audit = await withDb(dir, (store) => store.audit.list({ action: 'organisation.import' }));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor: 'cli', outcome: 'ok' });
  });

  it('rejects a file with an error, naming its line and field, and writes nothing', async () => {
    const dir = tempDir();
    const demo = readFileSync(DEMO, 'utf8');
    const original = 'certifications: [web-static-site, web-fullstack-app]';
    const start = demo.indexOf(original);
    expect(start).toBeGreaterThan(0);
    const line = demo.slice(0, start).split('\n').length;
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, demo.replace(original, 'certifications: [web-static-site, web-basics]'));

    const run = await desk(dir, 'import', broken);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+ people\\[11\\]\\.certifications\\[1\\]: unknown project "web-basics"`,
      ),
    );
    expect(lines[1]).toBe(`error: ${broken} has 1 error; nothing was imported`);
    await withDb(dir, async (store) => {
      expect(await store.org.getSettings()).toBeNull();
      expect(await store.people.listPeople()).toEqual([]);
      expect(await store.org.listProjects()).toEqual([]);
    });
  });

  it('gives a one-line reason for a missing file, and lists no requests on an empty database', async () => {
    const dir = tempDir();
    const missing = await desk(dir, 'import', 'no-such-file.yaml');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: cannot read no-such-file.yaml: no such file\n');

    const requests = await desk(dir, 'requests');
    expect(requests.code).toBe(0);
    expect(requests.stdout).toBe('');
    expect(requests.stderr).toBe('No evaluations.\n');
  });
});
