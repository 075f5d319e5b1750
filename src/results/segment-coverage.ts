import type { RunResult } from '../interfaces/result.js';

/**
 * Warnings for `kali merge` when its inputs are segments (`--segment K/N`) that do not make up
 * one whole load: a pod that failed or whose log was not collected leaves its share out of the
 * sum, and the merged figures would quietly describe a smaller load.
 */
export function segmentCoverage(results: readonly RunResult[]): string[] {
  const segments = results.flatMap((r) => (r.segment ? [r.segment] : []));
  if (segments.length === 0) return [];
  const counts = [...new Set(segments.map((s) => s.count))].sort((a, b) => a - b);
  if (counts.length > 1) {
    return [`WARNING: the inputs are segments of loads split in different ways (N = ${counts.join(', ')})`];
  }
  const n = counts[0];
  const seen = new Map<number, number>();
  for (const s of segments) seen.set(s.index, (seen.get(s.index) ?? 0) + 1);
  const warnings: string[] = [];
  const twice = [...seen].filter(([, times]) => times > 1).map(([k]) => `${k}/${n}`);
  if (twice.length > 0)
    warnings.push(
      `WARNING: ${plural('segment', twice)} ${twice.length === 1 ? 'appears' : 'appear'} more than once among the inputs`,
    );
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) {
    warnings.push(
      `WARNING: ${plural(
        'segment',
        missing.map((k) => `${k}/${n}`),
      )} missing: the merged figures cover ${n - missing.length} of ${n} shares of the load`,
    );
  }
  return warnings;
}

function plural(word: string, items: readonly string[]): string {
  return `${word}${items.length === 1 ? '' : 's'} ${items.join(', ')}`;
}
