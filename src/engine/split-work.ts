/** This worker's share of `total` when it is spread as evenly as possible over `workers`. */
export function shareOf(total: number, workers: number, worker: number): number {
  const base = Math.floor(total / workers);
  return base + (worker < total % workers ? 1 : 0);
}

/**
 * The connect rate follows the connections: a worker with twice the connections gets twice the
 * rate, so all workers finish ramping up together. With no connections the rate is split evenly.
 */
export function rateShare(
  rate: number,
  connections: number,
  totalConnections: number,
  workers: number,
): number {
  return totalConnections > 0 ? (rate * connections) / totalConnections : rate / workers;
}

/** How much of `total` the parts before `part` get: where `part`'s share starts. */
export function offsetOf(total: number, parts: number, part: number): number {
  return part * Math.floor(total / parts) + Math.min(part, total % parts);
}
