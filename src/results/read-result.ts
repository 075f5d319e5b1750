import { readFile } from 'node:fs/promises';
import { decodedView } from '../engine/histogram-view.js';
import { describeError, ExitStatus, KaliError } from '../errors/index.js';
import type { RunResult } from '../interfaces/result.js';

/** The major schema version this kali reads; minors only add fields, so any of them will do. */
const READABLE_MAJOR = 1;

/** A result document and the file it came from, for messages that name it. */
export interface ResultFile {
  file: string;
  result: RunResult;
}

/**
 * Reads a result document (`--json FILE`, `kali merge --json`) and checks that it is one this kali
 * understands. Every problem is one line naming the file, exit 65 (EX_DATAERR: src/errors has no
 * EX_NOINPUT, and an input kali cannot read is its "other input could not be read").
 */
export async function readResult(file: string): Promise<ResultFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new KaliError(`${file}: ${describeError(err)}`, ExitStatus.DATA, 'E_RESULT');
  }
  return { file, result: parseResult(text, file) };
}

/** The checks of {@link readResult} on text already read; `file` only names it in messages. */
export function parseResult(text: string, file: string): RunResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw dataError(file, `not JSON (${describeError(err)})`);
  }
  if (!isObject(data) || typeof data.schemaVersion !== 'string') {
    throw dataError(file, 'not a kali result (no schemaVersion)');
  }
  const major = /^(\d+)\.\d+$/.exec(data.schemaVersion)?.[1];
  if (major === undefined) throw dataError(file, `not a kali result (schemaVersion "${data.schemaVersion}")`);
  if (Number(major) !== READABLE_MAJOR) {
    throw dataError(
      file,
      `result schema version ${data.schemaVersion} is not one this kali reads (${READABLE_MAJOR}.x); use a kali of that version`,
    );
  }
  const problem = shapeProblem(data);
  if (problem) throw dataError(file, `not a kali result (${problem})`);
  return data as unknown as RunResult;
}

function dataError(file: string, what: string): KaliError {
  return new KaliError(`${file}: ${what}`, ExitStatus.DATA, 'E_RESULT');
}

/**
 * The first field merge and compare rely on that is missing or of the wrong type, as a path; the
 * schema (docs/result.schema.json) says more, but a reader only refuses what it cannot use, so
 * results from later minor versions, which only add fields, still read.
 */
function shapeProblem(r: Record<string, unknown>): string | undefined {
  const need = (path: string, ok: (v: unknown) => boolean, what: string): string | undefined =>
    ok(at(r, path)) ? undefined : `${path} is not ${what}`;
  const inOut = (path: string) =>
    need(`${path}.in`, isNumber, 'a number') ?? need(`${path}.out`, isNumber, 'a number');
  const failures = (path: string) =>
    need(`${path}.total`, isNumber, 'a number') ??
    need(`${path}.timedOut`, isNumber, 'a number') ??
    need(`${path}.byReason`, (v) => isObject(v) && Object.values(v).every(isNumber), 'counts by reason');
  const first =
    need('status', (v) => v === 'complete' || v === 'partial' || v === 'merged', 'a result status') ??
    need(
      'command.argv',
      (v) => Array.isArray(v) && v.every((a) => typeof a === 'string'),
      'a list of strings',
    ) ??
    need('config', isObject, 'an object') ??
    need('time.start', isString, 'a time') ??
    need('time.end', isStringOrNull, 'a time or null') ??
    need('time.steadyStart', isStringOrNull, 'a time or null') ??
    need('time.steadyEnd', isStringOrNull, 'a time or null') ??
    need('time.steadySeconds', isNumber, 'a number') ??
    need('time.totalSeconds', isNumber, 'a number') ??
    inOut('connections.opened') ??
    inOut('connections.openAtEnd') ??
    inOut('connections.closedByPeer') ??
    failures('connections.failed') ??
    inOut('connections.run.opened') ??
    inOut('connections.run.closedByPeer') ??
    failures('connections.run.failed') ??
    inOut('traffic.bytes') ??
    inOut('traffic.messages') ??
    need('traffic.reads', isNumber, 'a number') ??
    need('traffic.writes', isNumber, 'a number') ??
    need('traffic.messageMarkers', (v) => typeof v === 'boolean', 'true or false') ??
    need('metrics', isObject, 'an object') ??
    need('intervalSeconds', (v) => v === null || isNumber(v), 'a number or null') ??
    need('intervals', Array.isArray, 'a list') ??
    need('thresholds', Array.isArray, 'a list') ??
    need('exitStatus', (v) => v === null || isNumber(v), 'a number or null');
  if (first) return first;
  for (const [name, m] of Object.entries(r.metrics as Record<string, unknown>)) {
    const problem = metricProblem(m);
    if (problem) return `metrics["${name}"]${problem}`;
  }
  for (const [i, record] of (r.intervals as unknown[]).entries()) {
    const problem = intervalProblem(record);
    if (problem) return `intervals[${i}]${problem}`;
  }
  return undefined;
}

function intervalProblem(record: unknown): string | undefined {
  if (!isObject(record)) return ' is not an object';
  const numbers = ['start', 'end', 'connecting', 'failed'].find((f) => !isNumber(record[f]));
  if (numbers) return `.${numbers} is not a number`;
  const pairs = ['open', 'opened', 'bytes', 'messages', 'rates.bits', 'rates.messages'].find(
    (f) => !isNumber(at(record, `${f}.in`)) || !isNumber(at(record, `${f}.out`)),
  );
  if (pairs) return `.${pairs} is not a pair of numbers (in, out)`;
  if (!isObject(record.metrics)) return '.metrics is not an object';
  for (const [name, m] of Object.entries(record.metrics)) {
    const fine =
      isObject(m) &&
      (m.kind === 'counter'
        ? isNumber(m.total) && isNumber(m.perSecond)
        : m.kind === 'latency' &&
          isNumber(m.count) &&
          isNumber(m.mean) &&
          isNumber(m.max) &&
          isObject(m.percentiles) &&
          Object.values(m.percentiles).every(isNumber));
    if (!fine) return `.metrics["${name}"] is not a counter or latency record`;
  }
  return undefined;
}

function metricProblem(m: unknown): string | undefined {
  if (!isObject(m)) return ' is not an object';
  if (m.kind === 'counter') {
    if (!isNumber(m.total) || !isNumber(m.perSecond)) return ' is a counter without total and perSecond';
    return undefined;
  }
  if (m.kind !== 'latency') return `.kind is neither "counter" nor "latency"`;
  for (const field of ['count', 'min', 'mean', 'stdev', 'max'])
    if (!isNumber(m[field])) return `.${field} is not a number`;
  if (!isObject(m.percentiles) || !Object.values(m.percentiles).every(isNumber))
    return '.percentiles is not milliseconds by label';
  if (typeof m.histogram !== 'string') return '.histogram is not a string';
  // Merging decodes it; a histogram that does not decode is found here, with the file's name.
  try {
    decodedView(m.histogram);
  } catch (err) {
    return `.histogram is ${describeError(err)}`;
  }
  return undefined;
}

function at(r: Record<string, unknown>, path: string): unknown {
  let v: unknown = r;
  for (const key of path.split('.')) v = isObject(v) ? v[key] : undefined;
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isStringOrNull(v: unknown): boolean {
  return v === null || typeof v === 'string';
}
