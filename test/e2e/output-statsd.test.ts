import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, waitForListening } from '../helpers/free-port.js';
import { explain, parseReport, runKali, startKali } from '../helpers/run-kali.js';

/** Etsy's StatsD daemon (devDependency `statsd`), the reference receiver of the protocol. */
const DAEMON = fileURLToPath(new URL('../../node_modules/statsd/stats.js', import.meta.url));

/** A UDP port nobody uses right now. */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address();
  s.close();
  return port;
}

interface Daemon {
  udpPort: number;
  query(command: 'counters' | 'gauges'): Promise<Record<string, number>>;
  stop(): void;
}

async function startDaemon(): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'kali-statsd-'));
  const udpPort = await freeUdpPort();
  const mgmtPort = await freePort();
  const config = join(dir, 'config.js');
  // No backend and a long flush interval: the counters keep summing for the whole test.
  writeFileSync(
    config,
    `{ port: ${udpPort}, address: "127.0.0.1", mgmt_port: ${mgmtPort}, mgmt_address: "127.0.0.1", backends: [], flushInterval: 600000 }\n`,
  );
  const child: ChildProcess = spawn(process.execPath, [DAEMON, config], { stdio: 'ignore' });
  const stop = () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForListening('127.0.0.1', mgmtPort, 5000);
  } catch (err) {
    stop();
    throw err;
  }
  return { udpPort, query: (command) => queryMgmt(mgmtPort, command), stop };
}

/** The management interface answers with util.inspect output followed by `END`. */
function queryMgmt(port: number, command: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`statsd ${command}: no END within 3 s; got ${text}`));
    }, 3000);
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (d: string) => {
      text += d;
      if (!/\nEND\s*$/.test(text)) return;
      clearTimeout(timer);
      socket.end();
      const out: Record<string, number> = {};
      for (const m of text.matchAll(/'([^']+)': (-?[\d.e+-]+)/g)) out[m[1]] = Number(m[2]);
      resolve(out);
    });
  });
}

describe('--statsd against a real StatsD daemon', () => {
  it('counts traffic, gauges connections and latency, and parses every line', {
    timeout: 30_000,
  }, async () => {
    const daemon = await startDaemon();
    try {
      const port = await freePort();
      const kali = startKali(
        [
          '--statsd',
          // The host is resolved once, before the run (IPv4 first).
          '--statsd-host=localhost',
          '--statsd-port',
          String(daemon.udpPort),
          '-T2s',
          '-m',
          'Z',
          '-r',
          '10',
          '--latency-connect',
          `-l127.0.0.1:${port}`,
          `127.0.0.1:${port}`,
        ],
        { timeoutMs: 20_000 },
      );
      await kali.waitForStderr(/^Ramped up to 1 connections\.$/, 10_000);
      await new Promise((r) => setTimeout(r, 1000));
      const during = await daemon.query('gauges');
      const run = await kali.done;
      assert.equal(run.code, 0, explain(run));
      const report = parseReport(run.stdout);
      const counters = await daemon.query('counters');
      const gauges = await daemon.query('gauges');
      const why = `${explain(run)}\ncounters ${JSON.stringify(counters)}\ngauges ${JSON.stringify(gauges)}`;

      assert.equal(counters['statsd.bad_lines_seen'], 0, why);
      assert.equal(during['tcpkali.connections.total'], 2, JSON.stringify(during));
      assert.equal(during['tcpkali.connections.total.in'], 1);
      assert.equal(during['tcpkali.connections.total.out'], 1);
      const sent = counters['tcpkali.traffic.data.sent'];
      assert.ok(sent > 0, why);
      // Ramp-up traffic is counted too; with one connection and -r 10 it is a byte or two at most.
      assert.ok(sent >= report.bytesSent && sent <= report.bytesSent + 3, why);
      assert.equal(counters['tcpkali.traffic.data'], sent + counters['tcpkali.traffic.data.rcvd'], why);
      assert.equal(counters['tcpkali.connections.opened'], 1, why);
      // The closing all-zero batch leaves the level gauges at 0, latency gauges as last sent.
      assert.equal(gauges['tcpkali.connections.total'], 0, why);
      assert.equal(gauges['tcpkali.traffic.bitrate'], 0, why);
      for (const label of ['95', '99', '99.5', 'min', 'mean', 'max']) {
        assert.ok(gauges[`tcpkali.latency.connect.${label}`] > 0, `${label}\n${why}`);
      }
      assert.equal(gauges['tcpkali.latency.firstbyte.95'], undefined, why);
    } finally {
      daemon.stop();
    }
  });
});

describe('--statsd datagrams', () => {
  it('stay within 512 bytes, start and end with all zeros, and add up to the report', {
    timeout: 30_000,
  }, async () => {
    const server = createSocket('udp4');
    const datagrams: string[] = [];
    server.on('message', (m) => datagrams.push(m.toString('utf8')));
    server.bind(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const port = await freePort();
      const args = ['--statsd', '--statsd-port', String(server.address().port), '--statsd-namespace', 'k'];
      const run = await runKali(
        [
          ...args,
          '-T2s',
          '-m',
          'Z',
          '-r',
          '10',
          '--latency-connect',
          `-l127.0.0.1:${port}`,
          `127.0.0.1:${port}`,
        ],
        { timeoutMs: 20_000 },
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(run.code, 0, explain(run));
      const why = `${explain(run)}\n${datagrams.join('\n---\n')}`;
      // Start, at least one per 0.25 s over 2 s, the final figures, end.
      assert.ok(datagrams.length >= 10, why);
      for (const d of datagrams) assert.ok(Buffer.byteLength(d) <= 512, why);
      const zeroBatch = (d: string) => {
        const lines = d.split('\n').filter((l) => l !== '');
        return lines.length === 14 && lines.every((l) => /^k\.[a-z.]+:0\|[cg]$/.test(l));
      };
      assert.ok(zeroBatch(datagrams[0]), why);
      assert.ok(zeroBatch(datagrams.at(-1) ?? ''), why);
      const lines = datagrams.flatMap((d) => d.split('\n'));
      assert.ok(
        lines.every((l) => /^k\.[a-z0-9.]+:[\d.]+\|[cg]$/.test(l)),
        why,
      );
      const total = (name: string) =>
        lines.filter((l) => l.startsWith(`k.${name}:`)).reduce((a, l) => a + Number(l.split(/[:|]/)[1]), 0);
      const report = parseReport(run.stdout);
      const sent = total('traffic.data.sent');
      assert.ok(sent >= report.bytesSent && sent <= report.bytesSent + 3, why);
      assert.ok(
        lines.some((l) => /^k\.latency\.connect\.95:[\d.]+\|g$/.test(l)),
        why,
      );
    } finally {
      server.close();
    }
  });
});

describe('--statsd and plugin metrics', () => {
  it('sends the reply counters of the run, adding up to the JSON totals', { timeout: 30_000 }, async () => {
    const server = createSocket('udp4');
    const datagrams: string[] = [];
    server.on('message', (m) => datagrams.push(m.toString('utf8')));
    server.bind(0, '127.0.0.1');
    await once(server, 'listening');
    const dir = mkdtempSync(join(tmpdir(), 'kali-statsd-json-'));
    try {
      const file = join(dir, 'report.json');
      // An echo server sends every marker back, so --latency-marker recognises replies and counts them.
      const echo = createServer((socket) => socket.on('error', () => {}).pipe(socket));
      echo.listen(0, '127.0.0.1');
      await once(echo, 'listening');
      const run = await runKali(
        [
          '--statsd',
          '--statsd-port',
          String(server.address().port),
          '--statsd-namespace',
          'k',
          '--json',
          file,
          '-T2s',
          '-m',
          'Z',
          '-r',
          '20',
          '--latency-marker',
          'Z',
          `127.0.0.1:${(echo.address() as AddressInfo).port}`,
        ],
        { timeoutMs: 20_000 },
      ).finally(() => echo.close());
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(run.code, 0, explain(run));
      const lines = datagrams.flatMap((d) => d.split('\n'));
      const why = `${explain(run)}\n${datagrams.join('\n---\n')}`;
      const counted = lines
        .filter((l) => l.startsWith('k.plugin.message.ok:'))
        .reduce((a, l) => a + Number(l.split(/[:|]/)[1]), 0);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      const steady = json.metrics['message.ok'].total;
      assert.ok(steady > 0, why);
      // StatsD counts the ramp-up too; with one connection that is a reply or two at most.
      assert.ok(counted >= steady && counted <= steady + 3, `${counted} vs ${steady}\n${why}`);
      assert.ok(
        lines.some((l) => /^k\.plugin\.message\.ok\.rate:[\d.]+\|g$/.test(l)),
        why,
      );
      assert.ok(datagrams.at(-1)?.includes('k.plugin.message.ok.rate:0|g'), why);
      assert.equal(json.metrics.message.kind, 'latency');
      assert.match(json.metrics.message.histogram, /^HISTF/);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
