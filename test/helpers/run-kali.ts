import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
// bin/run.js loads the compiled commands; without them every e2e test would fail obscurely.
const BUILT = fileURLToPath(new URL('../../dist/commands/run.js', import.meta.url));

export interface KaliRun {
  args: string[];
  /** null when the process died of a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export interface KaliProcess {
  child: ChildProcess;
  /** Resolves with the first stderr line matching `pattern`; rejects if none comes in time. */
  waitForStderr(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Settles when the process exits; rejects (after SIGKILL) if it overran its hard timeout. */
  done: Promise<KaliRun>;
}

export interface KaliOptions {
  /** Hard limit: the child is killed and the run rejects after this long. */
  timeoutMs: number;
  /** Added to the environment (private XDG_* directories for plugin tests, say). */
  env?: Record<string, string>;
}

/**
 * Signs that kali crashed instead of failing cleanly: a stack frame, Node's report of an
 * unhandled error, or the status Node uses when the main promise never settled (13). Every run
 * a test makes is checked for these, so one unhandled exception anywhere fails the suite.
 */
function crashSigns(run: KaliRun): string | undefined {
  if (hasStackTrace(run.stderr) || hasStackTrace(run.stdout)) return 'a stack trace';
  if (/Unhandled|uncaught|ERR_UNHANDLED/i.test(run.stderr)) return 'an unhandled error';
  if (run.code === 13) return 'exit 13 (the main promise never settled)';
  return undefined;
}

/** Spawns `kali args…` with pipes for every stream (never a terminal, like the reference runs). */
export function startKali(args: string[], opts: KaliOptions): KaliProcess {
  if (!existsSync(BUILT)) throw new Error('kali is not built: run `npx tsc -b` first');
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'C.UTF-8', ...opts.env },
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; found: (line: string) => void }[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of [...waiters]) {
      const line = stderr.split('\n').find((l) => w.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.found(line);
      }
    }
  });

  const done = new Promise<KaliRun>((resolve, reject) => {
    let overran = false;
    const killer = setTimeout(() => {
      overran = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(killer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      const run = { args, code, signal, stdout, stderr, elapsedMs: performance.now() - started };
      const crash = crashSigns(run);
      if (overran) {
        reject(
          new Error(`kali ${args.join(' ')} overran ${opts.timeoutMs} ms and was killed\n${explain(run)}`),
        );
      } else if (crash) {
        reject(new Error(`kali crashed with ${crash}\n${explain(run)}`));
      } else {
        resolve(run);
      }
    });
  });

  const waitForStderr = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const seen = stderr.split('\n').find((l) => pattern.test(l));
      if (seen !== undefined) return resolve(seen);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(
          new Error(`no stderr line matching ${pattern} within ${timeoutMs} ms; stderr so far:\n${stderr}`),
        );
      }, timeoutMs);
      const waiter = {
        pattern,
        found: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      waiters.push(waiter);
      // An early exit must not leave the caller waiting for the timer.
      done.then(
        () => reject(new Error(`kali exited before printing ${pattern}; stderr:\n${stderr}`)),
        reject,
      );
    });

  return { child, waitForStderr, done };
}

/** Runs kali to completion; the child is killed and the promise rejects after `timeoutMs`. */
export function runKali(args: string[], opts: KaliOptions): Promise<KaliRun> {
  return startKali(args, opts).done;
}

/** Everything about a run, for assertion messages. */
export function explain(run: KaliRun): string {
  return `$ kali ${run.args.join(' ')}\nexit ${run.code ?? run.signal} after ${Math.round(run.elapsedMs)} ms\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}---`;
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/**
 * Informational stderr lines, not error output: tcpkali's start-up lines and warnings, and the
 * failed-connects summary kali adds (a documented deviation, docs/compatibility.md).
 */
const CHATTER =
  /^(Destination: |Interface \S+ address |Using interface |Listen on: |Source IP: |Ramped up to |NOTE: |WARNING: |Connection attempts that failed: )/;

/** stderr without the start-up chatter: what is left is the error report. */
export function errorLines(stderr: string): string[] {
  return lines(stderr).filter((l) => !CHATTER.test(l));
}

/** A JavaScript stack frame leaked to the user. */
export function hasStackTrace(text: string): boolean {
  return /^ {4}at /m.test(text);
}

export interface Report {
  bytesSent: number;
  bytesRcvd: number;
  /** kali's own `Test duration`, in seconds. */
  duration: number;
}

/** The numbers of tcpkali's final summary; throws when a line is missing. */
export function parseReport(stdout: string): Report {
  const grab = (re: RegExp, what: string) => {
    const m = re.exec(stdout);
    if (!m) throw new Error(`no ${what} in the report:\n${stdout}`);
    return Number(m[1]);
  };
  return {
    bytesSent: grab(/^Total data sent: +.*\((\d+) bytes\)$/m, 'bytes sent'),
    bytesRcvd: grab(/^Total data received: +.*\((\d+) bytes\)$/m, 'bytes received'),
    duration: grab(/^Test duration: (\S+) s\.$/m, 'test duration'),
  };
}

/**
 * The report with every number replaced by `#` and the size unit by `<unit>`, so its shape can
 * be compared with a real tcpkali run whatever the throughput was.
 */
export function reportShape(stdout: string): string[] {
  return lines(stdout).map((l) =>
    l.replace(/\d+(\.\d+)?(e[-+]?\d+)?/g, '#').replace(/# (bytes|KiB|MiB) \(# bytes\)/, '# <unit> (# bytes)'),
  );
}
