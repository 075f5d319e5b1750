/** The latency lines of a kali/tcpkali report, parsed. */
export interface LatencyLine {
  /** Values in ms, in the order of the labels. */
  ms: number[];
  labels: string[];
}

/** `<title> at percentiles: a/b/c ms (95/99/99.5%)`, or undefined when the line is absent. */
export function latencyLine(stdout: string, title: string): LatencyLine | undefined {
  const re = new RegExp(`^${title} at percentiles: ([\\d./]+) ms \\(([\\d./]+)%\\)$`, 'm');
  const m = re.exec(stdout);
  if (!m) return undefined;
  return { ms: m[1].split('/').map(Number), labels: m[2].split('/') };
}

/** `Aggregate message rate: a↓, b↑ mps`. */
export function messageRate(stdout: string): { down: number; up: number } | undefined {
  const m = /^Aggregate message rate: ([\d.]+)↓, ([\d.]+)↑ mps$/m.exec(stdout);
  return m ? { down: Number(m[1]), up: Number(m[2]) } : undefined;
}

/** The q-th percentile (0..100) of plain numbers, nearest-rank like HdrHistogram. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)] ?? Number.NaN;
}
