/**
 * Node keeps a timer's delay in a signed 32-bit count of milliseconds (about 24.8 days); a longer
 * delay fires after 1 ms with a TimeoutOverflowWarning. Options such as `--channel-lifetime 0.5y`
 * or `-T 1y` are legal, so long waits arm at most this much and re-arm for the rest.
 */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** The delay to hand to setTimeout for a wait of `ms`: the caller re-arms while time is left. */
export function timerDelay(ms: number): number {
  return Math.min(ms, LONGEST_TIMER_MS);
}
