// Runs benchmark subjects as children under coreutils `timeout`, in their own process group,
// so a crashed or killed bench script can never leave a load generator running.
import { spawn } from 'node:child_process';

const live = new Set();

export function killGroup(child, signal = 'SIGKILL') {
  try {
    // The group holds `timeout` and the program it runs; the pid alone would miss the latter.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

process.on('exit', () => {
  for (const child of live) killGroup(child);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => process.exit(130));
}

/**
 * Starts `cmd args` with a hard wall-clock limit. Output lines are timestamped on arrival
 * (performance.now() ms), because ramp-up time is read from when a line appears, not from its text.
 */
export function start(cmd, args, { limitSeconds, cwd } = {}) {
  const child = spawn('timeout', ['-k', '2', String(limitSeconds), cmd, ...args.map(String)], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const startedAt = performance.now();
  const lines = [];
  const waiters = new Set();
  const text = { stdout: '', stderr: '' };

  for (const stream of ['stdout', 'stderr']) {
    let partial = '';
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk) => {
      const t = performance.now();
      text[stream] += chunk;
      partial += chunk;
      for (let nl = partial.indexOf('\n'); nl >= 0; nl = partial.indexOf('\n')) {
        const line = { t, stream, text: partial.slice(0, nl) };
        partial = partial.slice(nl + 1);
        lines.push(line);
        for (const w of waiters) w(line);
      }
    });
  }

  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      live.delete(child);
      for (const w of waiters) w(null);
      // 124/137 are `timeout`'s way of saying the limit was hit.
      resolve({ code, signal, timedOut: code === 124 || code === 137, ...text, lines });
    });
  });

  /** Resolves with the first line matching re (already seen or future); rejects on exit or after ms. */
  function waitFor(re, ms, stream) {
    const match = (l) => l && (!stream || l.stream === stream) && re.test(l.text);
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(null, new Error(`no line matching ${re} within ${ms} ms`)), ms);
      const waiter = (line) => {
        if (line === null) finish(null, new Error(`process exited before printing ${re}`));
        else if (match(line)) finish(line);
      };
      function finish(line, err) {
        clearTimeout(timer);
        waiters.delete(waiter);
        // What the process said so far is usually the explanation of why the line never came.
        if (err) reject(new Error(`${err.message}\n${describeOutput(text)}`));
        else resolve(line);
      }
      waiters.add(waiter);
    });
  }

  return { child, startedAt, lines, exited, waitFor, stop: (signal) => killGroup(child, signal) };
}

/** Runs to completion and returns the result; the time limit still applies. */
export async function run(cmd, args, options) {
  const handle = start(cmd, args, options);
  try {
    return await handle.exited;
  } finally {
    handle.stop();
  }
}

function describeOutput({ stdout, stderr }) {
  // Errors put their message first and their stack last; both ends matter, the middle rarely does.
  const tail = (s) => {
    const lines = s.split('\n').filter((l) => l.trim() !== '');
    const kept = lines.length > 10 ? [...lines.slice(0, 4), '...', ...lines.slice(-5)] : lines;
    return kept.join('\n    ');
  };
  return `  stdout: ${tail(stdout) || '(empty)'}\n  stderr: ${tail(stderr) || '(empty)'}`;
}

/** A failed child is reported with its own words, which is what someone debugging it needs. */
export function describeFailure(label, result) {
  const how = `${result.signal ? ` signal ${result.signal}` : ''}${result.timedOut ? ' (time limit hit)' : ''}`;
  return `${label}: exit code ${result.code}${how}\n${describeOutput(result)}`;
}
