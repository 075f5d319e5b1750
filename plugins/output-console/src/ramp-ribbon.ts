/**
 * The ramp-up ribbon `|====>-----| 9 of 40 (18)`: outgoing connections established out of the
 * `-c` target, then every connection seen so far.
 */
export function rampRibbon(open: number, target: number, seen: number, columns: number): string {
  const info = ` ${open} of ${target} (${seen})`;
  // Never narrower than `|>|`, so even a tiny terminal gets a well-formed bar.
  const width = Math.max(3, Math.min(50, Math.floor(0.6 * columns), columns - info.length - 1));
  // More connections than the target can happen under CPU saturation; the bar just stays full.
  const done = target > 0 ? Math.min(target, Math.max(0, open)) : 1;
  const tip = 1 + Math.floor(((width - 2) * done) / Math.max(1, target));
  return `|${'='.repeat(tip - 1)}>${'-'.repeat(width - 1 - tip)}|${info}`;
}
