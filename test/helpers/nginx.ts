import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForListening } from './free-port.js';

/**
 * A real nginx for end-to-end tests and benchmarks: a private config, pid file, logs and temp
 * paths in a temp dir, one process (`master_process off`, so `pid` is the process that serves),
 * listening on a free loopback port. Missing nginx fails loudly with the way to install it:
 * CI installs it (.ci/install-peers.sh), so a skip would hide a gap.
 *
 * Locations:
 * - `/static.txt`: a static file with Content-Length (`STATIC_BODY` unless `staticBody` is given);
 * - `/chunked`: SSI-processed, so nginx cannot know the length and answers HTTP/1.1 with
 *   `Transfer-Encoding: chunked` (several chunks: the text around an included subrequest);
 * - `/close`: the static file with `keepalive_timeout 0`, so every response says
 *   `Connection: close` and nginx closes the connection after it;
 * - `/nginx_status`: stub_status, read by `status()` (not in the access log);
 * - anything else: 404.
 */
export interface NginxOptions {
  /** Log every request (default). Off for benchmarks, where the log's write() per request is cost. */
  accessLog?: boolean;
  /** `worker_connections`: the most connections nginx holds at once (default 1024). */
  maxConnections?: number;
  staticBody?: string;
  /** Run under coreutils `timeout`, so nginx dies with its limit even if the caller is killed. */
  limitSeconds?: number;
}

export interface AccessEntry {
  status: number;
  method: string;
  /** As the client sent it, query included. */
  uri: string;
  /** nginx's serial number of the connection the request came on. */
  connection: number;
  /** 1 for the first request on its connection. */
  connectionRequests: number;
  /** Whether the request was already in the buffer when the previous one finished (pipelined). */
  pipelined: boolean;
}

export interface Nginx {
  port: number;
  /** The serving process, for /proc. */
  pid: number;
  dir: string;
  url(path: string): string;
  /** Every request logged so far, once the log has stopped growing (requests still being served). */
  accessLog(): Promise<AccessEntry[]>;
  errorLog(): string;
  /** nginx's own counters, over a new connection; `requests` counts this status request too. */
  status(): Promise<NginxStatus>;
  close(): Promise<void>;
}

export interface NginxStatus {
  /** Client connections open now, the status request's included. */
  active: number;
  accepts: number;
  requests: number;
}

export const STATIC_BODY = 'kali static file: 64 bytes of text, served by nginx from disk.\n\n';

/** The SSI page; `/chunked` answers these parts with the static body included between them. */
export const CHUNKED_PARTS = [
  'chunked, part one\n',
  '<!--# include virtual="/static.txt" -->',
  'part three\n',
];

export function chunkedBody(staticBody = STATIC_BODY): string {
  return CHUNKED_PARTS[0] + staticBody + CHUNKED_PARTS[2];
}

const live = new Set<{ child: ChildProcess; dir: string }>();
process.on('exit', () => {
  for (const { child, dir } of live) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The binary: on PATH, or Debian's /usr/sbin, which a non-root PATH leaves out. */
export function nginxBinary(): string {
  const probe = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  const found = probe.status === 0 ? probe.stdout.trim() : '';
  if (found) return found;
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  throw new Error('nginx is not installed: run .ci/install-peers.sh, or apt-get install nginx');
}

export async function startNginx(options: NginxOptions = {}): Promise<Nginx> {
  const binary = nginxBinary();
  // freePort releases the port before nginx binds it; another process may take it meanwhile.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOn(binary, await freePort(), options);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

function config(dir: string, port: number, options: NginxOptions): string {
  const tmp = (name: string) => join(dir, 'tmp', name);
  const log = options.accessLog === false ? 'access_log off;' : `access_log ${join(dir, 'access.log')} kali;`;
  return `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events {
  worker_connections ${options.maxConnections ?? 1024};
}
http {
  client_body_temp_path ${tmp('client_body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
  types { text/plain txt; }
  default_type text/plain;
  log_format kali '$status $request_method $request_uri $connection $connection_requests $pipe';
  ${log}
  # nginx closes a keep-alive connection after 1000 requests by default: the tests and the
  # benchmark mean to see only the closes they ask for.
  keepalive_requests 1000000000;
  keepalive_timeout 60s;
  # 404s would each write an error-log line.
  log_not_found off;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    root ${join(dir, 'www')};
    location = /static.txt { }
    location = /chunked {
      ssi on;
      ssi_types text/plain;
    }
    location = /close {
      alias ${join(dir, 'www', 'static.txt')};
      keepalive_timeout 0;
    }
    location = /nginx_status {
      stub_status;
      access_log off;
    }
  }
}
`;
}

async function startOn(binary: string, port: number, options: NginxOptions): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'kali-nginx-'));
  mkdirSync(join(dir, 'www'));
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(join(dir, 'www', 'static.txt'), options.staticBody ?? STATIC_BODY);
  writeFileSync(join(dir, 'www', 'chunked'), CHUNKED_PARTS.join(''));
  writeFileSync(join(dir, 'nginx.conf'), config(dir, port, options));
  // -e: the error log nginx opens before it has read the config, otherwise /var/log/nginx.
  const args = ['-p', `${dir}/`, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')];
  const child =
    options.limitSeconds === undefined
      ? spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('timeout', ['-k', '2', String(options.limitSeconds), binary, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  const entry = { child, dir };
  live.add(entry);
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const cleanUp = () => {
    live.delete(entry);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await Promise.race([
      waitForListening('127.0.0.1', port, 10_000),
      exited.then(() => {
        throw new Error(`nginx on port ${port} exited at start:\n${output}${errorLog()}`);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw err;
  }
  // The pid file names nginx itself, also when it runs under `timeout`.
  const pid = Number(readFileSync(join(dir, 'nginx.pid'), 'utf8').trim());

  return {
    port,
    pid,
    dir,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    accessLog: () => readAccessLog(join(dir, 'access.log')),
    errorLog,
    status: () => readStatus(port),
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGQUIT lets requests being served finish; SIGTERM and SIGKILL bound the wait.
        const signal = (s: NodeJS.Signals) => {
          try {
            process.kill(pid, s);
          } catch {
            // Already gone.
          }
        };
        signal('SIGQUIT');
        const term = setTimeout(() => signal('SIGTERM'), 2000);
        const kill = setTimeout(() => child.kill('SIGKILL'), 4000);
        await exited;
        clearTimeout(term);
        clearTimeout(kill);
      }
      cleanUp();
    },
  };
}

/**
 * nginx writes each line when the request ends, so a request still being answered when kali
 * stopped shows up a moment later: wait until the size holds for 200 ms (at most 3 s).
 */
async function readAccessLog(file: string): Promise<AccessEntry[]> {
  const size = () => (existsSync(file) ? statSync(file).size : 0);
  const deadline = Date.now() + 3000;
  for (let last = -1; ; ) {
    const now = size();
    if (now === last || Date.now() > deadline) break;
    last = now;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [status, method, uri, connection, connectionRequests, pipe] = line.split(' ');
      return {
        status: Number(status),
        method,
        uri,
        connection: Number(connection),
        connectionRequests: Number(connectionRequests),
        pipelined: pipe === 'p',
      };
    });
}

/** stub_status's text: `Active connections: N`, then `accepts handled requests` as numbers. */
function readStatus(port: number): Promise<NginxStatus> {
  return new Promise((resolve, reject) => {
    const req = get(
      { host: '127.0.0.1', port, path: '/nginx_status', agent: false, timeout: 5000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => {
          const active = /Active connections: (\d+)/.exec(text);
          const totals = /^\s*(\d+) (\d+) (\d+)\s*$/m.exec(text);
          if (!active || !totals) return reject(new Error(`not a stub_status page: ${JSON.stringify(text)}`));
          resolve({ active: Number(active[1]), accepts: Number(totals[1]), requests: Number(totals[3]) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('nginx_status: no answer within 5 s')));
    req.on('error', reject);
  });
}
