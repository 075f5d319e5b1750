import type { PipelineResult } from './protocol.js';

/**
 * The workers' final figures, waiting at most `ms`: a worker stuck closing (a peer that never
 * lets go) must not keep kali from reporting and exiting.
 */
export async function settleWithin(
  tasks: readonly Promise<PipelineResult | undefined>[],
  ms: number,
  log: (line: string) => void,
): Promise<(PipelineResult | undefined)[]> {
  const results: (PipelineResult | undefined)[] = new Array(tasks.length).fill(undefined);
  const done = tasks.map((t, i) =>
    t.then(
      (r) => {
        results[i] = r;
      },
      () => {},
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  const timedOut = await Promise.race([Promise.all(done).then(() => false), late]);
  clearTimeout(timer);
  if (timedOut)
    log(
      `WARNING: ${results.filter((r) => !r).length} worker(s) did not stop within ${ms / 1000} s; reporting what they last sent`,
    );
  return results;
}
