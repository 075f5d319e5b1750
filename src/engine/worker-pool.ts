import Tinypool from 'tinypool';

/**
 * The hot paths allocate almost nothing, so a small young generation costs no throughput but
 * keeps each worker's heap from ballooning: about 1.5 KiB less peak memory per socket at 9k
 * connections.
 */
const WORKER_YOUNG_GENERATION_MB = 4;

interface Prestarted {
  workers: number;
  pool: Tinypool;
  failed: boolean;
  onError(): void;
}

let prestarted: Prestarted | undefined;

/**
 * Starts the threads of a run that is still being set up. A thread takes ~60 ms to start Node and
 * import the engine; started before oclif and the plugins load, the threads do that on the other
 * CPUs meanwhile. The run takes them with {@link workerPool}.
 */
export function prestartPool(workers: number): void {
  if (prestarted) return;
  const started: Prestarted = {
    workers,
    pool: newPool(workers),
    failed: false,
    // No task is queued yet, so a thread that fails to start has nobody to report to: the run
    // then starts fresh threads, whose failure reaches it as usual.
    onError: () => {
      started.failed = true;
    },
  };
  started.pool.on('error', started.onError);
  prestarted = started;
}

/** Threads for a run of `workers`: the prestarted ones if they are as many and all started. */
export function workerPool(workers: number): Tinypool {
  const early = prestarted;
  prestarted = undefined;
  if (early) {
    early.pool.off('error', early.onError);
    if (early.workers === workers && !early.failed) return early.pool;
    early.pool.destroy().catch(() => {});
  }
  return newPool(workers);
}

function newPool(workers: number): Tinypool {
  return new Tinypool({
    // From dist/engine/ and from the bundle in dist/host/ alike (host/fast-load.ts).
    filename: new URL('../engine/worker/pipeline-task.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    isolateWorkers: false,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
}
