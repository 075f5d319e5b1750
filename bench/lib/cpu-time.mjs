import { readFileSync } from 'node:fs';
import { descendants } from './proc.mjs';

const TICKS_PER_SECOND = 100;

/** utime + stime of one process (all its threads) in seconds, or undefined once it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state (field 3); utime is 14.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * The node process a `start()`ed child runs (it sits under coreutils `timeout`). Its CPU time is
 * read while it lives, because a reaped process has no /proc entry left to read.
 */
export function subjectPid(child) {
  return descendants(child.child.pid).at(-1) ?? child.child.pid;
}

/** CPU seconds used between mark() and the latest sample taken while the process still lived. */
export function cpuMeter(pid, everyMs = 100) {
  let base;
  let baseAt;
  let last;
  let lastAt;
  const sample = () => {
    const s = cpuSeconds(pid);
    if (s === undefined) return;
    last = s;
    lastAt = performance.now();
  };
  const timer = setInterval(sample, everyMs);
  return {
    mark() {
      sample();
      base = last;
      baseAt = lastAt;
    },
    /** { seconds of CPU, seconds of wall } over the marked window. */
    stop() {
      sample();
      clearInterval(timer);
      if (base === undefined || last === undefined) return undefined;
      return { cpu: last - base, wall: (lastAt - baseAt) / 1000 };
    },
  };
}
