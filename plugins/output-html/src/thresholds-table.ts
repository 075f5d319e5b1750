import type { ThresholdVerdict } from 'kali';
import { htmlTable, num } from './html-table.js';

/** Each `--threshold` with the figure it read and its verdict; the failed ones stand out. */
export function thresholdsTable(verdicts: readonly ThresholdVerdict[]): string {
  if (verdicts.length === 0) return '<p class="none">No thresholds were set (--threshold).</p>';
  const failed = verdicts.filter((v) => !v.passed).length;
  const summary =
    failed === 0
      ? `<p class="verdict passed">All ${verdicts.length} passed.</p>`
      : `<p class="verdict failed">${failed} of ${verdicts.length} failed.</p>`;
  const table = htmlTable(
    ['threshold', 'figure', 'value', 'limit', 'verdict'],
    verdicts.map((v) => [
      v.expression,
      v.figure,
      num(v.value === null ? 'no data' : withUnit(String(round(v.value)), v.unit)),
      num(`${v.operator} ${withUnit(String(v.limit), v.unit)}`),
      { text: v.passed ? 'passed' : 'failed', className: v.passed ? 'passed' : 'failed' },
    ]),
    'thresholds',
  );
  return `${summary}\n${table}`;
}

function withUnit(value: string, unit: string): string {
  return unit === '' ? value : `${value} ${unit}`;
}

/** Enough digits to judge a verdict by eye, without float noise (0.30000000000000004). */
function round(n: number): number {
  return Number(n.toPrecision(6));
}
