/**
 * A percentile out of a result's `percentiles` record, found by value: labels are kept as the
 * user typed them (`--latency-percentiles 50.0,99` gives `50.0`), so `50` may not be a key.
 */
export function percentileAt(percentiles: Record<string, number>, value: number): number | undefined {
  for (const [label, ms] of Object.entries(percentiles)) if (Number(label) === value) return ms;
  return undefined;
}
