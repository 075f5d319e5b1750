/** The major schema version this page reads; minors only add fields, so any of them will do. */
const READABLE_MAJOR = '1';

/**
 * Why a parsed JSON value is not a result document this page can show, or undefined when it is
 * one, worded as kali's other readers of results (merge, compare) word it. The schema's major
 * version decides first; then every field the page reads is checked, so that a truncated or
 * hand-edited file is refused in one line instead of failing halfway through the page. Fields
 * the page does not read are not checked: results of later minor versions still show.
 */
export function resultProblem(value: unknown): string | undefined {
  if (!isObject(value) || typeof value.schemaVersion !== 'string')
    return 'not a kali result (no schemaVersion)';
  const version = value.schemaVersion;
  const major = /^(\d+)\.\d+$/.exec(version)?.[1];
  if (major === undefined) return `not a kali result (schemaVersion "${version}")`;
  if (major !== READABLE_MAJOR) {
    return `result schema version ${version} is not one this kali reads (${READABLE_MAJOR}.x); use a kali of that version`;
  }
  const problem = shapeProblem(value);
  return problem === undefined ? undefined : `not a kali result (${problem})`;
}

type Check = [path: string, ok: (v: unknown) => boolean, what: string];

const PAIR = ['in', 'out'];

const TOP: Check[] = [
  ['command.line', isString, 'a string'],
  ['kali.version', isString, 'a string'],
  ['kali.apiVersion', isString, 'a string'],
  ['kali.node', isString, 'a string'],
  ['config', isObject, 'an object'],
  ['status', isString, 'a result status'],
  ['time.start', isString, 'a time'],
  ['time.end', (v) => v === null || isString(v), 'a time or null'],
  ['time.steadySeconds', isNumber, 'a number'],
  ['time.totalSeconds', isNumber, 'a number'],
  ...pairs('connections.opened', 'connections.openAtEnd', 'connections.closedByPeer'),
  ['connections.failed.total', isNumber, 'a number'],
  ['connections.failed.timedOut', isNumber, 'a number'],
  ...pairs('traffic.bytes', 'traffic.messages', 'traffic.rates.bits', 'traffic.rates.messages'),
  ['traffic.rates.bitsPerChannel', isNumber, 'a number'],
  ['traffic.messageMarkers', (v) => typeof v === 'boolean', 'true or false'],
  ['metrics', isObject, 'an object'],
  ['intervals', Array.isArray, 'a list'],
  ['thresholds', Array.isArray, 'a list'],
  ['exitStatus', (v) => v === null || isNumber(v), 'a number or null'],
];

const INTERVAL: Check[] = [
  ['end', isNumber, 'a number'],
  ...pairs('open', 'messages', 'rates.bits', 'rates.messages'),
  ['metrics', isObject, 'an object'],
];

const THRESHOLD: Check[] = [
  ['expression', isString, 'a string'],
  ['figure', isString, 'a string'],
  ['value', (v) => v === null || isNumber(v), 'a number or null'],
  ['operator', isString, 'a string'],
  ['limit', isNumber, 'a number'],
  ['unit', isString, 'a string'],
  ['passed', (v) => typeof v === 'boolean', 'true or false'],
];

function shapeProblem(r: Record<string, unknown>): string | undefined {
  const top = firstProblem(r, TOP, '');
  if (top) return top;
  for (const [name, m] of Object.entries(r.metrics as Record<string, unknown>)) {
    const problem = metricProblem(m);
    if (problem) return `metrics["${name}"]${problem}`;
  }
  for (const [i, record] of (r.intervals as unknown[]).entries()) {
    const problem = firstProblem(record, INTERVAL, `intervals[${i}].`);
    if (problem) return problem;
    for (const [name, m] of Object.entries((record as { metrics: Record<string, unknown> }).metrics)) {
      const fine =
        isObject(m) &&
        (m.kind === 'counter' ||
          (m.kind === 'latency' && isNumber(m.count) && isMilliseconds(m.percentiles)));
      if (!fine) return `intervals[${i}].metrics["${name}"] is not a counter or latency record`;
    }
  }
  for (const [i, verdict] of (r.thresholds as unknown[]).entries()) {
    const problem = firstProblem(verdict, THRESHOLD, `thresholds[${i}].`);
    if (problem) return problem;
  }
  return undefined;
}

function metricProblem(m: unknown): string | undefined {
  if (!isObject(m)) return ' is not an object';
  if (!isString(m.title)) return '.title is not a string';
  if (m.kind === 'counter') {
    return isNumber(m.total) && isNumber(m.perSecond)
      ? undefined
      : ' is a counter without total and perSecond';
  }
  if (m.kind !== 'latency') return '.kind is neither "counter" nor "latency"';
  const field = ['count', 'min', 'mean', 'max'].find((f) => !isNumber(m[f]));
  if (field) return `.${field} is not a number`;
  if (!isMilliseconds(m.percentiles)) return '.percentiles is not milliseconds by label';
  if (!isString(m.histogram)) return '.histogram is not a string';
  return undefined;
}

function firstProblem(value: unknown, checks: readonly Check[], prefix: string): string | undefined {
  if (!isObject(value)) return `${prefix.replace(/\.$/, '')} is not an object`;
  const failed = checks.find(([path, ok]) => !ok(at(value, path)));
  return failed ? `${prefix}${failed[0]} is not ${failed[2]}` : undefined;
}

function pairs(...paths: string[]): Check[] {
  return paths.flatMap((p) => PAIR.map((side): Check => [`${p}.${side}`, isNumber, 'a number']));
}

function at(value: Record<string, unknown>, path: string): unknown {
  let v: unknown = value;
  for (const key of path.split('.')) v = isObject(v) ? v[key] : undefined;
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isMilliseconds(v: unknown): boolean {
  return isObject(v) && Object.values(v).every(isNumber);
}
