import { UsageError } from '../errors/index.js';

/** Set by Kubernetes in every pod of an Indexed Job: the pod's completion index, from 0. */
export const JOB_INDEX_VARIABLE = 'JOB_COMPLETION_INDEX';

const SEGMENT = /^(auto|\d+)\/(\d+)$/;
const INDEX = /^\d+$/;

/**
 * `--segment K/N`, or `auto/N` with K taken from the environment of a Kubernetes Indexed Job.
 * Every mistake is one line naming the option: a segment that silently ran the wrong share
 * would only show in the merged figures, long after the run.
 */
export function parseSegment(
  text: string,
  environment: Readonly<Record<string, string | undefined>>,
): { index: number; count: number } {
  const match = SEGMENT.exec(text);
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || !Number.isSafeInteger(count) || count < 1) {
    throw new UsageError(
      `--segment=${text}: Expected K/N (this process runs share K of N, 1 <= K <= N) or auto/N`,
    );
  }
  if (match[1] === 'auto') return { index: jobIndex(text, count, environment[JOB_INDEX_VARIABLE]), count };
  const index = Number(match[1]);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) {
    throw new UsageError(`--segment=${text}: K must be from 1 to N (${count})`);
  }
  return { index, count };
}

/** Kubernetes counts from 0; segments from 1, like `K/N` said aloud. */
function jobIndex(text: string, count: number, value: string | undefined): number {
  if (value === undefined || value === '') {
    throw new UsageError(
      `--segment=${text}: ${JOB_INDEX_VARIABLE} is not set (Kubernetes sets it in the pods of an Indexed Job); elsewhere give --segment K/${count}`,
    );
  }
  const index = INDEX.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(index) || index >= count) {
    throw new UsageError(
      `--segment=${text}: ${JOB_INDEX_VARIABLE}=${value} is not an index from 0 to ${count - 1}`,
    );
  }
  return index + 1;
}
