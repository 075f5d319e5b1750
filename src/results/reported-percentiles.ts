import type { Percentile } from '../interfaces/config.js';

/** Always reported besides the configured percentiles, so that results of different runs compare. */
const STANDARD: readonly Percentile[] = [
  { value: 50, label: '50' },
  { value: 90, label: '90' },
  { value: 99, label: '99' },
  { value: 99.9, label: '99.9' },
];

/** The configured percentiles (labels as typed) and the standard ones, each value once, ascending. */
export function reportedPercentiles(configured: readonly Percentile[]): Percentile[] {
  return [...configured, ...STANDARD.filter((s) => !configured.some((c) => c.value === s.value))].sort(
    (a, b) => a.value - b.value,
  );
}
