/**
 * Wall-clock microseconds from the monotonic clock. performance.timeOrigin is off from the real
 * epoch by up to half a millisecond, differently in every thread, which would skew message-marker
 * latencies between the thread that stamps and the one that reads. Instead each thread finds the
 * offset once by waiting for Date.now() to tick (at most a millisecond of spinning).
 */
let offsetMs: number | undefined;

function calibrate(): number {
  const start = Date.now();
  let t = start;
  while (t === start) t = Date.now();
  return t - performance.now();
}

/** Microseconds since the Unix epoch for a monotonic reading in microseconds. */
export function toEpochMicros(monotonicMicros: number): number {
  offsetMs ??= calibrate();
  return Math.round(offsetMs * 1000 + monotonicMicros);
}

/** Microseconds since the Unix epoch, now. */
export function epochMicros(): number {
  return toEpochMicros(performance.now() * 1000);
}
