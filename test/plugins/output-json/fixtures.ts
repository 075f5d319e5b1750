import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { IntervalRecord, OutputContext, RunConfig, RunResult } from 'kali';
import { kaliApi } from '../../../src/registry/kali-api.js';
import { samplePartial } from '../../docs/sample-result.js';

/** The host's wording, as the factory hands it to the output. */
export const { describeError } = kaliApi;

/** A directory of its own for each test file, removed at the end. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kali-json-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface FakeContext extends OutputContext {
  /** What `log` received (warnings). */
  logged: string[];
  /** How many times the output asked for the document so far. */
  asked: number;
  /** The next partial document `result()` returns. */
  partial: RunResult;
}

/** An OutputContext as the host builds it, options already parsed (`--json-interval` in seconds). */
export function fakeContext(o: { file?: string; interval?: number }): FakeContext {
  const ctx: FakeContext = {
    config: { latency: { percentiles: [] } } as unknown as RunConfig,
    options: {
      ...(o.file !== undefined ? { json: o.file } : {}),
      ...(o.interval !== undefined ? { 'json-interval': o.interval } : {}),
    },
    interactive: false,
    log: (line) => ctx.logged.push(line),
    histogram: () => undefined,
    text: { write: () => {} },
    result: () => {
      ctx.asked++;
      return ctx.partial;
    },
    logged: [],
    asked: 0,
    partial: samplePartial(),
  };
  return ctx;
}

/** A partial document whose intervals end at `ends`, to tell rewrites apart. */
export function partialUpTo(...ends: number[]): RunResult {
  const doc = samplePartial();
  const one = doc.intervals[0];
  let start = 0;
  doc.intervals = ends.map((end) => {
    const r = { ...one, start, end };
    start = end;
    return r;
  });
  return doc;
}

/** The interval record the host hands over when the interval ending at `end` closes. */
export function intervalEnding(end: number, length = 1): IntervalRecord {
  return { ...samplePartial().intervals[0], start: Math.max(0, end - length), end };
}

/** The file's one document; fails unless it is exactly one line of JSON and a newline. */
export function readDocument(file: string): RunResult {
  const text = readFileSync(file, 'utf8');
  if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) {
    throw new Error(`not one line of JSON: ${JSON.stringify(text.slice(0, 80))}…`);
  }
  return JSON.parse(text);
}

/** Temporary files an atomic rewrite left behind. */
export function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.includes('.tmp-'));
}
