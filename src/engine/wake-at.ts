import { timerDelay } from './timer-limit.js';

/**
 * Calls `wake` once the wall clock reads `atMs` (`--start-at`), and returns a cancel function.
 * Timers run on the monotonic clock, which NTP may let drift from the wall clock during a long
 * wait, so a timer that fires early re-arms for what is left: segments on different machines
 * agree on the wall clock, not on each other's timers.
 */
export function wakeAt(atMs: number, wake: () => void, now: () => number = Date.now): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = atMs - now();
    if (left <= 0) {
      timer = undefined;
      wake();
      return;
    }
    timer = setTimeout(arm, timerDelay(Math.ceil(left)));
  };
  arm();
  return () => clearTimeout(timer);
}
