import { UsageFailure } from '../errors/index.js';
import type { MetricKind } from '../interfaces/metrics.js';
import type { RunResult, ThresholdVerdict } from '../interfaces/result.js';
import { type Figure, resolveFigure } from './result-figures.js';

type Operator = ThresholdVerdict['operator'];

/** A `--threshold` read and checked against the run's metrics. */
export interface Threshold {
  expression: string;
  figure: Figure;
  operator: Operator;
  /** In the figure's unit (ms for latencies). */
  limit: number;
}

const SHAPE =
  /^\s*([A-Za-z0-9_.-]+)\s*(<=|>=|==|!=|<|>)\s*([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*([A-Za-zµ/]*)\s*$/;

/** Time units a latency limit may carry, in ms; none means ms. */
const TIME_UNITS: Record<string, number> = { '': 1, us: 0.001, µs: 0.001, ms: 1, s: 1000 };
/** Multipliers of counts and rates (`10k`, `1.5M`, `/s` allowed on rates). */
const COUNT_UNITS: Record<string, number> = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6, g: 1e9, G: 1e9 };

/**
 * `--threshold` expressions as k6 writes them: `<figure><op><number>[unit]`, e.g. `message.p99<5ms`,
 * `redis.errors==0`, `traffic.msgs.in.rate>=10k`. Refuses, before the run starts, anything that
 * is not such an expression or names a figure the run will not have.
 */
export function parseThreshold(expression: string, metrics: ReadonlyMap<string, MetricKind>): Threshold {
  const bad = (why: string) => new UsageFailure(`--threshold=${expression}: ${why}`);
  const m = SHAPE.exec(expression);
  if (!m) throw bad('expected <figure><op><number>[unit], e.g. message.p99<5ms (op: < <= > >= == !=)');
  const [, name, operator, number, unitText] = m;
  const figure = resolveFigure(name, metrics);
  if (typeof figure === 'string') throw bad(figure);
  let scale: number | undefined;
  if (figure.unit === 'ms') {
    scale = TIME_UNITS[unitText];
    if (scale === undefined) throw bad(`"${unitText}" is not a time unit (us, ms, s; none means ms)`);
  } else {
    scale = COUNT_UNITS[unitText.replace(/\/s$/, '')];
    if (scale === undefined || (unitText.endsWith('/s') && figure.unit !== '1/s')) {
      throw bad(
        `"${unitText}" is not a multiplier (k, M, G${figure.unit === '1/s' ? ', optionally followed by /s' : ''})`,
      );
    }
  }
  return { expression, figure, operator: operator as Operator, limit: Number(number) * scale };
}

export function holds(value: number, operator: Operator, limit: number): boolean {
  switch (operator) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
    case '!=':
      return value !== limit;
  }
}

/** Every threshold against the finished run. A figure without data (no sample) fails. */
export function judge(thresholds: readonly Threshold[], result: RunResult): ThresholdVerdict[] {
  return thresholds.map((t) => {
    const value = t.figure.read(result);
    return {
      expression: t.expression,
      figure: t.figure.name,
      value,
      operator: t.operator,
      limit: t.limit,
      unit: t.figure.unit,
      passed: value !== null && holds(value, t.operator, t.limit),
    };
  });
}

/**
 * The first threshold that can no longer pass, whatever the rest of the run does: a figure that
 * only grows (a total, a maximum) already past an upper bound. For `--threshold-abort`.
 */
export function lostCause(thresholds: readonly Threshold[], partial: RunResult): Threshold | undefined {
  return thresholds.find((t) => {
    if (!t.figure.growsOnly) return false;
    const value = t.figure.read(partial);
    if (value === null) return false;
    switch (t.operator) {
      case '<':
        return value >= t.limit;
      case '<=':
      case '==':
        return value > t.limit;
      default:
        return false;
    }
  });
}

/** The line printed after the report for one verdict. */
export function verdictLine(v: ThresholdVerdict): string {
  const value =
    v.value === null
      ? 'no data'
      : `${formatValue(v.value)}${v.unit === 'ms' ? ' ms' : v.unit === '1/s' ? '/s' : ''}`;
  return `Threshold ${v.passed ? 'passed' : 'FAILED'}: ${v.expression} (${v.figure} = ${value})`;
}

function formatValue(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(6).replace(/\.?0+$/, '');
}
