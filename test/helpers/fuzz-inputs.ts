/**
 * What the fuzz tests share: hostile text (unicode, emoji, right-to-left, NUL, lone surrogates,
 * markup, 100 kB), a logger whose lines can be read back, and a watch on unhandled rejections.
 */
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { createLogger, type Logger } from '../../src/logger.ts';

/** 100 kB in one string: bigger than any field of either platform allows. */
export const HUGE = `${'ab😀c'.repeat(20_000)}`;

const SPECIAL = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF lone',
  '👩🏽‍💻🧑‍🏫✅❌',
  'مرحبا بالعالم \u202Eevil\u202C',
  'שלום עולם',
  '𝕳𝖊𝖑𝖑𝖔 ｆｕｌｌｗｉｄｔｈ',
  'e\u0301\u0301\u0301',
  '<script>alert(1)</script>',
  '*bold* _it_ ~strike~ `code` <@U01ALICE> <!channel> @everyone',
  "'); drop table reports; --",
  '{"evaluation":"E-1001","step":0}',
  '\r\n\t\v\f',
  'E-1001',
  'e-1001',
  'E-99999999999',
  '-1',
  '1e309',
  'NaN',
  'null',
  '__proto__',
  'constructor',
] as const;

/** Text a person could type or a client could forge, weighted towards ordinary sizes (1 in 200 is huge). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 60, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 40, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 30, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 60, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 9, arbitrary: fc.string({ minLength: 200, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.constant(HUGE) },
);

/** A value of the wrong type where a string is expected. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** A parsed log line. */
export type LogLine = { level: number; msg?: string; [key: string]: unknown };

/** A real logger (pino, with the product's redaction) whose output the test reads back. */
export type CapturedLogs = {
  logger: Logger;
  /** Every raw line written so far. */
  raw: string[];
  /** Lines at `error` (50) or above. */
  errors(): LogLine[];
  clear(): void;
};

/** Captures what the product logs at `level` and above. */
export function captureLogs(level: 'debug' | 'info' | 'warn' = 'warn'): CapturedLogs {
  const raw: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void raw.push(line) });
  return {
    logger,
    raw,
    errors: () => raw.map((line) => JSON.parse(line) as LogLine).filter((line) => Number(line.level) >= 50),
    clear: () => {
      raw.length = 0;
    },
  };
}

/** Records unhandled rejections until `stop` is called; `described` gives their stacks, for assertions. */
export function watchUnhandledRejections(): { reasons: unknown[]; described(): string[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => void reasons.push(reason);
  process.on('unhandledRejection', listener);
  return {
    reasons,
    described: () => reasons.map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r))),
    stop: () => process.off('unhandledRejection', listener),
  };
}

/** Lets pending promise work and timers of the app run (follow-ups after an acknowledgement). */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One kept-alive connection: fuzzing thousands of requests spends its time in the app, not in fetch. */
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** An HTTP answer: status and body text. */
export type HttpReply = { status: number; text: string };

/** POSTs `body` over plain node:http on a kept-alive socket. */
export function httpPost(url: string, body: string, headers: Record<string, string>): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
