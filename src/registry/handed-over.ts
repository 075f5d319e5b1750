/**
 * Bytes the main thread read once and hands to the workers as they were (KaliApi.handOver, API
 * 1.4). A pipe or FIFO yields its contents once, yet content is compiled in the main thread and
 * again in every worker; the worker threads may already be running by then (they start while
 * oclif loads), so Node's environment data, copied when a thread starts, cannot carry them. The
 * run sends these entries with each worker's task instead, and the worker installs them before
 * it loads any plugin.
 */
const handed = new Map<string, Uint8Array>();

export function handOver(key: string, bytes: Uint8Array): void {
  handed.set(key, bytes);
}

export function handedOver(key: string): Uint8Array | undefined {
  return handed.get(key);
}

/** What the main thread handed over, for the workers' tasks. */
export function handedOverEntries(): [string, Uint8Array][] {
  return [...handed];
}

/** In a worker, before its plugins load: what the main thread handed over. */
export function receiveHandedOver(entries: readonly [string, Uint8Array][]): void {
  for (const [key, bytes] of entries) handed.set(key, bytes);
}
