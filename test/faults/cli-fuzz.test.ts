import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import fc from 'fast-check';
import { OPTIONS, type OptionId, type OptionSpec } from '../../src/cli/option-table.js';
import { closeServer, freePort, holdPort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, type KaliRun, runKali } from '../helpers/run-kali.js';

/**
 * Random command lines made of kali's real options (from the option table), good and bad values,
 * units and expressions. Whatever the mix, kali must end by itself, never show a JavaScript stack
 * trace, and never exit 0 after printing an error.
 *
 * Every command line ends in `-T0.2s`, so a run that is accepted is short; a few seconds of
 * start-up and of waiting for workers come on top, and a run still alive after RUN_LIMIT_MS is
 * killed and counts as a failure. Targets are loopback only, with a kali listener in the same
 * command when traffic should flow.
 *
 * KALI_FUZZ_RUNS sets the number of command lines (40 by default), KALI_FUZZ_SEED replays a
 * sequence, KALI_FUZZ_CONCURRENCY the number of kali processes at a time (2).
 */
const RUNS = positive(process.env.KALI_FUZZ_RUNS, 40);
const CONCURRENCY = positive(process.env.KALI_FUZZ_CONCURRENCY, 2);
const SEED = Number(process.env.KALI_FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));
const RUN_LIMIT_MS = 20_000;

function positive(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const dir = mkdtempSync(join(tmpdir(), 'kali-cli-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const FILES = [
  fixture('plain.txt', 'hello\n'),
  fixture('expression.txt', 'id=\\{connection.uid} \\{re [a-z]{1,4}}'),
  fixture('broken-expression.txt', 'x\\{foo}'),
  fixture('empty.txt', ''),
  '/dev/null',
  '/dev/zero',
  join(dir, 'missing.txt'),
  dir,
];

/** Replaced by real ports when the command runs: the listener's, and one nobody listens on. */
const PORT = '{PORT}';
const CLOSED = '{CLOSED}';

const has6 = await holdPort('::1').then(
  async (s) => {
    await closeServer(s);
    return true;
  },
  () => false,
);

// --- values ---------------------------------------------------------------------------------

/** Mostly values that work, so that runs get past parsing; the rest anything a user may type. */
const mostly = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: bad });

const number = fc.constantFrom('0', '1', '2', '0.5', '-1', '1e2', '1e12', '0x10', 'abc', '', 'inf', 'nan');
const withUnit = (units: readonly string[]) =>
  fc.tuple(number, fc.constantFrom(...units)).map(([n, u]) => `${n}${u}`);
const TIME_UNITS = ['', 'ms', 's', 'sec', 'm', 'min', 'h', 'd', 'y', 'x', 'µs'];
const RATE_UNITS = ['', 'k', 'm', 'K', 'M', 'x'];
const SIZE_UNITS = ['', 'k', 'm', 'g', 'b'];
const BANDWIDTH_UNITS = ['', 'bps', 'kbps', 'Mbps', 'gbps', 'Bps', 'kBps', 'MBps', 'x'];

const time = mostly(fc.constantFrom('50ms', '0.1s', '1', '0.3', '2s', '1min'), withUnit(TIME_UNITS));
const rate = mostly(fc.constantFrom('1', '10', '2.5', '100', '1k'), withUnit(RATE_UNITS));

const VALID_PIECES = [
  'plain',
  ' ',
  '\\n',
  '\\x41',
  '\\{connection.uid}',
  '\\{connection.uid % 3}',
  '\\{connection.ptr}',
  '\\{message.marker}',
  '\\{re [a-z]{1,5}}',
  '\\{re (ab|cd)+x?}',
  '\\{global.re [0-9]{4}}',
  '\\{connection.re [A-Z]*}',
  '\\{ws.text "hi"}',
  '\\{ws.binary < /dev/null >}',
  '\\{ws.ping}',
  '\\{ws.text "t" ... rsv1}',
  '\\{raw "r"}',
  '\\{raw {connection.uid}}',
  `\\{<${FILES[0]}>}`,
];
const BROKEN_PIECES = [
  '\\{',
  '}',
  '\\{foo}',
  '\\{re [a-}',
  '\\{re (}',
  '\\{re a{99999}}',
  '\\{re a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q}',
  '\\{connection.uid % 0}',
  '\\{ws.binary rsv1 "b"}',
  '\\{ws.nope}',
  '\\{<>}',
  '\\{</nonexistent/file>}',
  '\\{< /dev/zero >}',
  '\\{"unterminated}',
  '\\{message.marker % 3}',
  `\\{${'raw {'.repeat(150)}raw "x"${'}'.repeat(151)}`,
  `\\{re ${'('.repeat(150)}a${')'.repeat(150)}}`,
  '\\{global.re ((a{65535}){65535})}',
];
const pieces = (from: readonly string[]) =>
  fc.array(fc.constantFrom(...from), { minLength: 1, maxLength: 3 }).map((p) => p.join(''));
/** Valid expressions, some with a broken piece among valid ones, and short random text. */
const expression = fc.oneof(
  { weight: 4, arbitrary: pieces(VALID_PIECES) },
  { weight: 2, arbitrary: fc.tuple(pieces(VALID_PIECES), pieces(BROKEN_PIECES)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const VALUES_BY_ID: Partial<Record<OptionId, fc.Arbitrary<string>>> = {
  verbose: fc.constantFrom('0', '1', '4', '-1', 'x'),
  workers: mostly(fc.constantFrom('1', '2'), fc.constantFrom('0', '-1', '3', '99', 'x', '1.5')),
  connections: mostly(fc.constantFrom('1', '2', '5', '10'), withUnit(RATE_UNITS)),
  'source-ip': mostly(fc.constantFrom('127.0.0.1', '::1'), fc.constantFrom('10.9.9.9', 'not-an-ip', '')),
  'listen-port': fc.constantFrom('0', '65536', 'x', '127.0.0.1:', '[::1', PORT, `127.0.0.1:${PORT}:x`),
  server: fc.constantFrom(`127.0.0.1:${CLOSED}`, 'x'),
  transport: mostly(fc.constantFrom('tcp', 'tls', 'websocket'), fc.constantFrom('nope', '')),
  output: mostly(fc.constantFrom('console', 'json', 'statsd'), fc.constantFrom('nope', '')),
  'latency-percentiles': mostly(
    fc.constantFrom('50', '95,99', '50/99.9/100'),
    fc.constantFrom('101', '1.2.3', '', '12345678'),
  ),
  'listen-mode': mostly(fc.constantFrom('silent', 'active'), fc.constantFrom('loud', '')),
  'message-rate': mostly(rate, fc.constantFrom('@20ms', '@abc', '@0', '@5', '@')),
  threshold: mostly(
    fc.constantFrom(
      'traffic.bytes.out>=0',
      'connections.failed==0',
      'message.p99<5ms',
      'traffic.msgs.in.rate>1k',
    ),
    fc.constantFrom('', 'x', 'message.p101<1', 'a<b', 'connect.max<=1q', 'traffic.bits.in<1'),
  ),
};

const VALUES_BY_KIND: Record<OptionSpec['kind'], fc.Arbitrary<string>> = {
  none: fc.constant(''),
  count: fc.constantFrom('0', '4'),
  integer: number,
  n: rate,
  rate,
  'rate-or-latency': rate,
  size: mostly(fc.constantFrom('4k', '64k', '1m', '1000'), withUnit(SIZE_UNITS)),
  bandwidth: mostly(fc.constantFrom('10kbps', '1Mbps', '100kBps', '1000'), withUnit(BANDWIDTH_UNITS)),
  time,
  'on-off': mostly(fc.constantFrom('on', 'off'), fc.constantFrom('maybe', '')),
  string: expression,
  file: fc.constantFrom(...FILES),
  'host-port': fc.constantFrom('x', '0'),
  'listen-mode': fc.constantFrom('silent', 'active'),
  percentiles: fc.constantFrom('50', '101'),
};

// Dumps print every byte sent; unlimited sending would pour hundreds of megabytes into the pipe.
const DUMPS: ReadonlySet<OptionId> = new Set([
  'dump-one',
  'dump-one-in',
  'dump-one-out',
  'dump-all',
  'dump-all-in',
  'dump-all-out',
]);

/** One option as a user may type it: long or short, value attached or separate. */
function option(spec: OptionSpec): fc.Arbitrary<string[]> {
  const value = VALUES_BY_ID[spec.id] ?? VALUES_BY_KIND[spec.kind];
  const forms: string[] = [...spec.long.map((l) => `--${l}`), ...(spec.short ? [`-${spec.short}`] : [])];
  return fc.tuple(fc.constantFrom(...forms), value, fc.boolean()).map(([form, v, attached]) => {
    const long = form.startsWith('--');
    // -v counts, --verbose takes a level.
    if (spec.kind === 'none' || (spec.kind === 'count' && !long)) return [form];
    if (!attached) return [form, v];
    return [long ? `${form}=${v}` : `${form}${v}`];
  });
}

const knownOption = fc.constantFrom(...OPTIONS).chain(option);
const unknownOption = fc.constantFrom(
  ['--nope'],
  ['-Z'],
  ['--mess', 'x'],
  ['--'],
  ['-'],
  ['garbage'],
  ['-c'],
);

type Scene = 'loop' | 'loop6' | 'closed' | 'sink' | 'none';
/** Where the command connects; a listener in the same command most of the time, so traffic flows. */
const SCENES: Scene[] = [
  'loop',
  'loop',
  'loop',
  'loop',
  'closed',
  'sink',
  'none',
  ...(has6 ? ['loop6' as const] : []),
];

function targets(scene: Scene): string[] {
  switch (scene) {
    case 'loop':
      return [`-l127.0.0.1:${PORT}`, `127.0.0.1:${PORT}`];
    case 'loop6':
      return [`-l[::1]:${PORT}`, `[::1]:${PORT}`];
    case 'closed':
      return [`127.0.0.1:${CLOSED}`];
    case 'sink':
      return [`-l127.0.0.1:${PORT}`];
    case 'none':
      return [];
  }
}

const commandLine = fc
  .tuple(
    fc.array(fc.oneof({ weight: 15, arbitrary: knownOption }, { weight: 1, arbitrary: unknownOption }), {
      minLength: 0,
      maxLength: 4,
    }),
    fc.constantFrom(...SCENES),
    fc.boolean(),
  )
  .map(([options, scene, targetsFirst]) => {
    const opts = options.flat();
    const where = targets(scene);
    const args = targetsFirst ? [...where, ...opts] : [...opts, ...where];
    const dumping = OPTIONS.some((o) => DUMPS.has(o.id) && args.some((a) => isForm(a, o)));
    // A later -r wins over earlier -r and --channel-bandwidth-upstream; -T last keeps runs short.
    return [...args, ...(dumping ? ['-r', '2'] : []), '-T0.2s'];
  });

function isForm(arg: string, spec: OptionSpec): boolean {
  return spec.long.some((l) => arg === `--${l}`) || (spec.short !== undefined && arg === `-${spec.short}`);
}

// --- checking -------------------------------------------------------------------------------

/** Lines a successful run may print on stderr besides tcpkali's start-up chatter. */
const NOT_AN_ERROR = [
  /^(Snd|Rcv)\(\d+, \d+\): \[/, // -d and --dump-*
  /^\t/, // the continuation of a dumped line after a newline byte
  /^Decrease --connections=.*, or increase --duration=/, // second line of the ramp-up WARNING
];

interface Finding {
  command: string;
  problem: string;
  detail: string;
}

function shellQuote(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** How the runs ended, for the test's diagnostic line: a fuzz run that only hits usage errors tests little. */
const endings = new Map<string, number>();

async function check(template: string[]): Promise<Finding | undefined> {
  const port = String(await freePort());
  const closed = String(await freePort());
  const args = template.map((a) => a.replaceAll(PORT, port).replaceAll(CLOSED, closed));
  const command = `kali ${shellQuote(args)}`;
  let run: KaliRun;
  try {
    run = await runKali(args, { timeoutMs: RUN_LIMIT_MS });
  } catch (err) {
    return { command, problem: `did not end within ${RUN_LIMIT_MS} ms`, detail: (err as Error).message };
  }
  const ending = String(run.code ?? run.signal);
  endings.set(ending, (endings.get(ending) ?? 0) + 1);
  const clip = (text: string) => (text.length > 3000 ? `${text.slice(0, 3000)}…` : text);
  if (hasStackTrace(run.stdout) || hasStackTrace(run.stderr))
    return { command, problem: 'printed a stack trace', detail: clip(explain(run)) };
  if (run.code === null) return { command, problem: `died of ${run.signal}`, detail: clip(explain(run)) };
  const errors = errorLines(run.stderr).filter((l) => !NOT_AN_ERROR.some((re) => re.test(l)));
  if (run.code === 0 && errors.length > 0)
    return { command, problem: `exited 0 after printing "${errors[0]}"`, detail: clip(explain(run)) };
  return undefined;
}

it(`${RUNS} random command lines end by themselves, cleanly (seed ${SEED})`, {
  // About a second per run and process slot; the margin covers a few runs killed at RUN_LIMIT_MS.
  timeout: Math.max(90_000, Math.ceil(RUNS / CONCURRENCY) * 4_000),
}, async (t) => {
  const samples = fc.sample(commandLine, { numRuns: RUNS, seed: SEED });
  const findings: Finding[] = [];
  let next = 0;
  const worker = async () => {
    while (next < samples.length) {
      const finding = await check(samples[next++]);
      if (finding) findings.push(finding);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const tally = [...endings].sort(([a], [b]) => Number(a) - Number(b));
  t.diagnostic(`exit statuses: ${tally.map(([code, n]) => `${code}×${n}`).join(', ')}`);
  assert.deepEqual(
    findings.map((f) => `${f.problem}: ${f.command}`),
    [],
    `replay with KALI_FUZZ_SEED=${SEED} KALI_FUZZ_RUNS=${RUNS}\n\n${findings.map((f) => `${f.command}\n${f.problem}\n${f.detail}`).join('\n\n')}`,
  );
});
