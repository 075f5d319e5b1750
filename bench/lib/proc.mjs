import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; fields after the last ')' are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** All live descendants of pid (the subject runs under `timeout`, so its pid is a child of ours). */
export function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(entry);
    if (ppid === undefined) continue;
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** VmHWM and VmRSS in bytes, or undefined once the process is gone. */
export function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]) * 1024;
    const hwm = kb('VmHWM');
    // An exiting process (zombie) still has a status file but no memory lines.
    return Number.isFinite(hwm) ? { hwm, rss: kb('VmRSS') } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples the peak RSS of everything under rootPid until stopped. VmHWM never decreases, so the last
 * sample taken before exit is the process's peak; sampling often only guards against missing the end.
 */
export function watchPeakRss(rootPid, everyMs = 25) {
  const peaks = new Map();
  let pids = [];
  let ticks = 0;
  const sample = () => {
    // Walking all of /proc costs CPU the subject should have; look for new processes only now and then.
    if (pids.length === 0 || ticks++ % 20 === 0) pids = descendants(rootPid);
    for (const pid of pids) {
      const m = memory(pid);
      if (m) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, m.hwm));
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    sample,
    /** Sum of per-process peaks: kali is expected to be a single process, but a respawn would show here. */
    stop() {
      clearInterval(timer);
      let bytes = 0;
      for (const peak of peaks.values()) bytes += peak;
      return { bytes, processes: peaks.size };
    },
  };
}
