import type { MessagePort } from 'node:worker_threads';

/**
 * How long a worker's result may trail the closing of its port. A worker closes its port right
 * before returning its figures; a thread that exits (process.exit() in a plugin, a fatal error in
 * native code) closes it too, but no result ever follows, and tinypool never settles the task.
 */
const RESULT_AFTER_CLOSE_MS = 1000;

/**
 * Settles `task`, or resolves undefined and calls `onDeath` when the worker's port closed and no
 * result followed: a run must not wait forever on a thread that is gone.
 */
export function orDeath<T>(task: Promise<T>, port: MessagePort, onDeath: () => void): Promise<T | undefined> {
  let settled = false;
  const watched = task.finally(() => {
    settled = true;
  });
  const death = new Promise<undefined>((resolve) => {
    port.once('close', () => {
      if (settled) return;
      const timer = setTimeout(() => {
        if (settled) return;
        onDeath();
        resolve(undefined);
      }, RESULT_AFTER_CLOSE_MS);
      timer.unref();
      void watched.then(() => clearTimeout(timer));
    });
  });
  return Promise.race([watched, death]);
}
