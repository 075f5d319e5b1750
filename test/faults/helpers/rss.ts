import { readFileSync } from 'node:fs';

/**
 * Samples a process's resident set size (VmRSS in /proc/<pid>/status, Linux) until stopped.
 * kali's workers are threads, so the one process holds all of its memory.
 */
export function sampleRss(pid: number, everyMs: number): { stop(): { maxKiB: number; samples: number } } {
  let maxKiB = 0;
  let samples = 0;
  const take = () => {
    const kib = readRssKiB(pid);
    if (kib === undefined) return;
    samples++;
    maxKiB = Math.max(maxKiB, kib);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { maxKiB, samples };
    },
  };
}

function readRssKiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    // The process has exited.
    return undefined;
  }
}
