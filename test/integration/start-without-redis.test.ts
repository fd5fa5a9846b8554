/**
 * `npm start` on a machine where no Redis answers (DESIGN §5): with `redis-server` on PATH the
 * product starts one and serves the page; without it, it stops with the install hint and code 1.
 * Each run happens in a network namespace of its own (`unshare -n`), so the machine's Redis on
 * 6379 is out of sight; skipped where namespaces cannot be made.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function canUnshare(): boolean {
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}

const redisServer = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server']).toString().trim();
  } catch {
    return '';
  }
})();

/** Runs `script` in a fresh network namespace with loopback up; resolves with its output and exit code. */
function inNamespace(script: string, env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && ${script}`], {
      cwd: process.cwd(),
      env: { ...process.env, REDIS_URL: '', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!canUnshare())('npm start with no Redis answering', () => {
  it('stops with the install hint and code 1 when redis-server is not on PATH', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'desk-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const data = mkdtempSync(join(tmpdir(), 'desk-data-'));
    try {
      const { code, output } = await inNamespace(
        `PATH=${bin} node --import tsx src/main/start.ts`,
        { DATABASE_URL: `sqlite:${join(data, 'desk.db')}`, PORT: '0' },
        30_000,
      );
      expect(code).toBe(1);
      expect(output).toContain('apt-get install redis-server');
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(bin, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    }
  });

  it.skipIf(!redisServer)(
    'starts redis-server itself and serves the local workspace within 30 s',
    { timeout: 60_000 },
    async () => {
      const data = mkdtempSync(join(tmpdir(), 'desk-data-'));
      try {
        // Start, poll the page, stop with SIGTERM: all inside the namespace.
        const script = [
          'node --import tsx src/main/start.ts > /dev/null 2>&1 & pid=$!',
          'i=0; while [ $i -lt 300 ]; do',
          '  if node -e "fetch(\'http://127.0.0.1:3077/\').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then echo SERVED $i; break; fi',
          '  sleep 0.1; i=$((i+1));',
          'done',
          'node -e "fetch(\'http://127.0.0.1:3077/readyz\').then(r => r.text()).then(t => console.log(t))"',
          'kill -TERM $pid; wait $pid; echo EXIT $?',
        ].join('\n');
        const { output } = await inNamespace(
          script,
          { DATABASE_URL: `sqlite:${join(data, 'desk.db')}`, PORT: '3077' },
          55_000,
        );
        const served = /SERVED (\d+)/.exec(output);
        expect(served, output).not.toBeNull();
        // Polled every 0.1 s (plus a node start per poll): well under 30 s.
        expect(Number(served?.[1])).toBeLessThan(300);
        expect(output).toContain('"redis":true');
        expect(output).toContain('EXIT 0');
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    },
  );
});
