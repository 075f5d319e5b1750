import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './free-port.js';

/**
 * A real redis-server for end-to-end tests, on a free loopback port, without persistence, killed
 * when the test closes it (or when the test process exits). A missing binary fails the test with
 * the way to install it: CI installs it (.ci/install-peers.sh), so a skip would hide a gap.
 */
export interface RedisServer {
  port: number;
  /** One command over a fresh connection; the reply as a string, number, null, or an Error. */
  command(...args: string[]): Promise<RedisReply>;
  /** `INFO <section>` as key → value. */
  info(section: string): Promise<Map<string, string>>;
  /** Calls of `name` (lower case) the server counted since it started (INFO commandstats). */
  calls(name: string): Promise<number>;
  close(): Promise<void>;
}

export type RedisReply = string | number | null | Error | RedisReply[];

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function requireRedis(binary = 'redis-server'): void {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${binary} is not installed (${probe.error?.message ?? `exit ${probe.status}`}): ` +
        'run .ci/install-peers.sh, or apt-get install redis-server redis-tools',
    );
  }
}

export async function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServer> {
  requireRedis();
  // freePort releases the port before redis binds it; another process may take it meanwhile.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startOn(port, extraArgs);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOn(port: number, extraArgs: readonly string[]): Promise<RedisServer> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  live.add(child);
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited at start:\n${output}`);
    try {
      if ((await command(port, 'PING')) === 'PONG') break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} did not answer PING within 10 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const info = async (section: string) => {
    const text = await command(port, 'INFO', section);
    if (typeof text !== 'string') throw new Error(`INFO ${section} answered ${String(text)}`);
    const map = new Map<string, string>();
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith('#')) map.set(line.slice(0, colon), line.slice(colon + 1));
    }
    return map;
  };
  return {
    port,
    command: (...args) => command(port, ...args),
    info,
    async calls(name) {
      const stat = (await info('commandstats')).get(`cmdstat_${name}`);
      return stat === undefined ? 0 : Number(/calls=(\d+)/.exec(stat)?.[1]);
    },
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Sends one command as RESP on a new connection and reads one reply. */
export function command(port: number, ...args: string[]): Promise<RedisReply> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply to ${args.join(' ')} within 5 s`));
    }, 5000);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('connect', () => {
      const parts = [Buffer.from(`*${args.length}\r\n`)];
      for (const a of args) parts.push(Buffer.from(`$${Buffer.byteLength(a)}\r\n${a}\r\n`));
      socket.write(Buffer.concat(parts));
    });
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const parsed = readReply(buf, 0);
      if (parsed === undefined) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(parsed.value);
    });
  });
}

/** One RESP2 reply from `buf` at `at`, or undefined when it is not complete yet. */
function readReply(buf: Buffer, at: number): { value: RedisReply; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', at + 1, eol);
  switch (String.fromCharCode(buf[at])) {
    case '+':
      return { value: line, end: eol + 2 };
    case '-':
      return { value: new Error(line), end: eol + 2 };
    case ':':
      return { value: Number(line), end: eol + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + n + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + n), end: eol + 2 + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      const items: RedisReply[] = [];
      let end = eol + 2;
      for (let i = 0; i < n; i++) {
        const item = readReply(buf, end);
        if (item === undefined) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(buf.toString('latin1'))}`);
  }
}
