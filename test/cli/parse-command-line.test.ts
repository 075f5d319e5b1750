import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CommandLine, parseCommandLine } from '../../src/cli/parse-command-line.js';
import { contentChecks } from '../../src/cli/post-parse-checks.js';
import { UsageError } from '../../src/errors/index.js';
import type { RunConfig } from '../../src/interfaces/config.js';

const env = { cpus: 2 };
const T = '127.0.0.1:24000';

async function run(...argv: string[]): Promise<{ config: RunConfig; notices: string[] }> {
  const result = await parseCommandLine(argv, env);
  assert.equal(result.action, 'run');
  return result as Extract<CommandLine, { action: 'run' }>;
}
const config = async (...argv: string[]): Promise<RunConfig> => (await run(...argv)).config;

async function refused(argv: string[], message: string, usage?: 'short' | 'long'): Promise<void> {
  await assert.rejects(parseCommandLine(argv, env), (e: unknown) => {
    assert.ok(e instanceof UsageError, String(e));
    assert.equal(e.message, message);
    assert.equal(e.exitCode, 64);
    assert.equal(e.usage, usage);
    return true;
  });
}

describe('defaults (behavior §3)', () => {
  it('match tcpkali', async () => {
    const c = await config(T);
    assert.deepEqual(c, {
      destinations: [{ text: T, host: '127.0.0.1', port: 24000, path: '' }],
      connections: 1,
      connectRate: 100,
      connectTimeout: 1,
      channelLifetime: Number.POSITIVE_INFINITY,
      listenMode: 'silent',
      duration: 10,
      delaySend: 0,
      messageRate: { kind: 'unlimited' },
      content: [],
      latency: {
        connect: false,
        firstByte: false,
        markerSkip: 0,
        percentiles: [
          { value: 95, label: '95' },
          { value: 99, label: '99' },
          { value: 99.5, label: '99.5' },
        ],
        messageMarker: false,
      },
      workers: 1,
      verbose: 0,
      dump: { oneIn: false, oneOut: false, allIn: false, allOut: false },
      sourceIps: [],
      writeCombine: true,
      websocket: false,
      ssl: false,
      outputs: [],
      thresholds: [],
      thresholdAbort: false,
      pluginOptions: {},
    });
    assert.equal(c.nagle, undefined);
    assert.equal(c.listen, undefined);
    assert.equal(c.messageStop, undefined);
    assert.equal(c.transport, undefined);
  });
  it('picks workers from -c and the CPU count', async () => {
    assert.equal((await config(T, '-c', '10')).workers, 2);
    assert.equal((await config(T, '-c', '0')).workers, 1);
    assert.equal((await config(T, '-l', '1')).workers, 2);
    assert.equal(
      ((await parseCommandLine([T, '-c5'], { cpus: 4 })) as { config: RunConfig }).config.workers,
      4,
    );
    assert.equal(
      ((await parseCommandLine([T, '-c3'], { cpus: 4 })) as { config: RunConfig }).config.workers,
      3,
    );
  });
});

describe('informational actions', () => {
  it('-h, --help and --version', async () => {
    assert.deepEqual(await parseCommandLine(['-h'], env), { action: 'short-help' });
    assert.deepEqual(await parseCommandLine(['--help'], env), { action: 'long-help' });
    assert.deepEqual(await parseCommandLine(['--version'], env), { action: 'version' });
    assert.deepEqual(await parseCommandLine(['--vers'], env), { action: 'version' });
    assert.deepEqual(await parseCommandLine(['-c', '5', T, '--help'], env), { action: 'long-help' });
  });
  it('the first one wins, and earlier errors still count', async () => {
    assert.deepEqual(await parseCommandLine(['-h', '--help'], env), { action: 'short-help' });
    assert.deepEqual(await parseCommandLine(['--help', '--foo'], env), { action: 'long-help' });
    assert.deepEqual(await parseCommandLine(['--version', '-c', 'abc'], env), { action: 'version' });
    await refused(['-c', 'abc', '--help'], 'Expecting --connections > 0');
    await refused(['--foo', '--help'], "kali: unrecognized option '--foo'\n--foo: unknown option");
  });
  it('a message may look like an option', async () => {
    const c = await config('-m', '--help', '-m', '-x', T);
    assert.deepEqual(
      c.content.map((a) => a.value),
      ['--help', '-x'],
    );
  });
  it('no target', async () => {
    await refused([], 'Expecting target <host:port> or --listen-port. See -h or --help.', 'short');
    await refused(['-T1s'], 'Expecting target <host:port> or --listen-port. See -h or --help.', 'short');
  });
});

describe('getopt errors (cases 27, 135, 136)', () => {
  it("are exit 64 with tcpkali's two lines, without its usage screen", async () => {
    await refused(['--foo', '-T1s', T], "kali: unrecognized option '--foo'\n--foo: unknown option");
    await refused(
      ['--mess', 'Z', '-T1s', T],
      "kali: option '--mess' is ambiguous; possibilities: '--message' '--message-file' '--message-rate' '--message-stop' '--message-marker'\n--mess: unknown option",
    );
    await refused(['-c'], "kali: option requires an argument -- 'c'\n-c: unknown option");
  });
});

describe('general options', () => {
  it('verbose', async () => {
    assert.equal((await config(T, '-v')).verbose, 1);
    assert.equal((await config(T, '-vv')).verbose, 2);
    assert.equal((await config(T, '-vvv')).verbose, 3);
    assert.equal((await config(T, '-vvvv')).verbose, 3);
    assert.equal((await config(T, '-v', '-v')).verbose, 2);
    assert.equal((await config(T, '--verbose', '0')).verbose, 0);
    assert.equal((await config(T, '--verbose=3')).verbose, 3);
    assert.equal((await config(T, '--verbose=2', '-v')).verbose, 3);
    await refused([T, '--verbose', '4'], 'Expecting --verbose=[0..3]');
    await refused([T, '--verbose', '-1'], 'Expecting --verbose=[0..3]');
    await refused([T, '--verbose', 'x'], 'Expecting --verbose=[0..3]');
  });
  it('dump flags combine', async () => {
    assert.deepEqual((await config(T, '-d')).dump, {
      oneIn: true,
      oneOut: true,
      allIn: false,
      allOut: false,
    });
    assert.deepEqual((await config(T, '--dump-one')).dump, {
      oneIn: true,
      oneOut: true,
      allIn: false,
      allOut: false,
    });
    assert.deepEqual((await config(T, '--dump-one-in')).dump, {
      oneIn: true,
      oneOut: false,
      allIn: false,
      allOut: false,
    });
    assert.deepEqual((await config(T, '--dump-one-out', '--dump-all-in')).dump, {
      oneIn: false,
      oneOut: true,
      allIn: true,
      allOut: false,
    });
    assert.deepEqual((await config(T, '--dump-all')).dump, {
      oneIn: false,
      oneOut: false,
      allIn: true,
      allOut: true,
    });
    assert.deepEqual((await config(T, '--dump-all-out')).dump, {
      oneIn: false,
      oneOut: false,
      allIn: false,
      allOut: true,
    });
  });
});

describe('socket options', () => {
  it('nagle', async () => {
    assert.equal((await config(T, '--nagle', 'on')).nagle, true);
    assert.equal((await config(T, '--nagle=off')).nagle, false);
    await refused([T, '--nagle', 'maybe'], 'Expecting --nagle "on" or "off"');
  });
  it('rcvbuf and sndbuf', async () => {
    const c = await config(T, '--rcvbuf', '5k', '--sndbuf=300');
    assert.equal(c.rcvbuf, 5120);
    assert.equal(c.sndbuf, 300);
    await refused([T, '--rcvbuf', '0'], 'Expecting --rcvbuf > 0');
    await refused([T, '--sndbuf', '-1'], 'Expecting --sndbuf > 0');
    await refused([T, '--sndbuf', 'x'], 'Expecting --sndbuf > 0');
    await refused([T, '--rcvbuf', '5q'], '--rcvbuf=5q: Unknown unit "q" (expected k, m)');
  });
  it('source-ip repeats', async () => {
    assert.deepEqual((await config(T, '--source-ip', '127.0.0.1', '--source-ip=::1')).sourceIps, [
      '127.0.0.1',
      '::1',
    ]);
    await refused([T, '--source-ip', 'nope'], '--source-ip=nope: local IP address expected');
  });
  it('write-combine (cases 19, 130, 131)', async () => {
    const on = await run(T, '--write-combine', 'on');
    assert.equal(on.config.writeCombine, true);
    assert.deepEqual(on.notices, ['NOTE: --write-combine on is a default setting']);
    const off = await run(T, '--write-combine=off');
    assert.equal(off.config.writeCombine, false);
    assert.equal(off.config.nagle, false);
    assert.deepEqual(off.notices, ['NOTE: --write-combine=off presumes --nagle=off.']);
    const nagleOn = await run(T, '--nagle', 'on', '--write-combine=off');
    assert.equal(nagleOn.config.nagle, true);
    assert.deepEqual(nagleOn.notices, ['WARNING: --write-combine=off makes little sense with --nagle=on.']);
    const nagleOff = await run(T, '--write-combine=off', '--nagle', 'off');
    assert.equal(nagleOff.config.nagle, false);
    assert.deepEqual(nagleOff.notices, []);
    await refused([T, '--write-combine', 'maybe'], 'Expecting --write-combine off');
  });
  it('workers (cases 47, 48, 49, 122)', async () => {
    assert.equal((await config(T, '-w1', '-c3')).workers, 1);
    assert.equal((await config(T, '--workers', '2')).workers, 2);
    await refused([T, '-w', '0'], 'Expected --workers > 1');
    await refused([T, '-w', '5'], 'Value --workers=5 is unreasonably large, only 2 CPUs detected');
    await refused([T, '-ws'], 'Expected -w <N> (--workers) or --ws (--websocket), but not -ws.');
    await refused([T, '-w', 'x'], '--workers=x: Expected a whole number');
  });
  it('websocket, tls, headers (cases 50, 132)', async () => {
    assert.equal((await config(T, '--ws')).websocket, true);
    assert.equal((await config(T, '--websocket')).websocket, true);
    assert.equal((await config(T, '--ssl')).ssl, true);
    const h = await run(T, '--ws', '-H', 'X-Foo: bar', '--header=X-Bar: \\{connection.uid}');
    assert.deepEqual(h.config.content, [
      { option: 'header', value: 'X-Foo: bar', unescape: false },
      { option: 'header', value: 'X-Bar: \\{connection.uid}', unescape: false },
    ]);
    const warned = await run(T, '--ws', '-H', '', '-H', '1bad: x');
    assert.deepEqual(warned.notices, [
      'WARNING: --header="" value is empty, ignored',
      'WARNING: --header="1bad: x" starts with \'1\', are you sure?',
    ]);
    assert.deepEqual(
      warned.config.content.map((a) => a.value),
      ['1bad: x'],
    );
    await refused([T, '-H', 'X-Foo: bar'], '--header option ignored without --websocket');
    await refused([T, '--ws', '-H', 'a\nb'], '--header="a\nb" must not contain a line break');
    await refused([T, '--ws', '-e', '-H', 'a\\nb'], '--header="a\\nb" must not contain a line break');
    assert.equal((await config(T, '--ws', '-H', 'a\\nb')).content[0].value, 'a\\nb');
  });
});

describe('connection options', () => {
  it('connections (cases 28, 29, 85, 114)', async () => {
    assert.equal((await config(T, '-c', '10')).connections, 10);
    assert.equal((await config(T, '-c10k')).connections, 10000);
    assert.equal((await config(T, '--connections=0.01k')).connections, 10);
    assert.equal((await config(T, '-c', '0.5')).connections, 0);
    assert.equal((await config(T, '-c', '1e1')).connections, 10);
    await refused(['-c', 'abc', T], 'Expecting --connections > 0');
    await refused(['-c', '-5', T], 'Expecting --connections > 0');
    await refused(['-c', '5x', T], '--connections=5x: Unknown unit "x" (expected k, m)');
  });
  it('connect-rate and connect-timeout (cases 74, 97)', async () => {
    const c = await config(T, '--connect-rate', '1.5k', '--connect-timeout', '5ms');
    assert.equal(c.connectRate, 1500);
    assert.equal(c.connectTimeout, 0.005);
    await refused([T, '--connect-rate', '0'], 'Expected positive --connect-rate=0');
    await refused([T, '--connect-rate', 'abc'], 'Expected positive --connect-rate=abc');
    await refused([T, '--connect-timeout', '0'], 'Expected positive --connect-timeout=0');
    await refused(
      [T, '--connect-timeout', '1x'],
      '--connect-timeout=1x: Unknown unit "x" (expected ms, s, m, h, d, y)',
    );
  });
  it('channel lifetime and bandwidth', async () => {
    const c = await config(
      T,
      '--channel-lifetime',
      '0.5',
      '--channel-bandwidth-upstream=10kbps',
      '--channel-bandwidth-downstream',
      '0',
    );
    assert.equal(c.channelLifetime, 0.5);
    assert.equal(c.channelBandwidthUpstream, 1250);
    assert.equal(c.channelBandwidthDownstream, 0);
    assert.equal((await config(T, '--channel-lifetime', '0')).channelLifetime, 0);
    assert.equal(
      (await config(T, '--channel-bandwidth-downstream', '1MBps')).channelBandwidthDownstream,
      1e6,
    );
    await refused([T, '--channel-lifetime', '-1'], 'Expected non-negative --channel-lifetime=-1');
    await refused(
      [T, '--channel-bandwidth-upstream', '0'],
      'Expected positive --channel-bandwidth-upstream=0',
    );
    await refused(
      [T, '--channel-bandwidth-downstream', '-1'],
      'Expected non-negative --channel-bandwidth-downstream=-1',
    );
    await refused(
      [T, '--channel-bandwidth-upstream', '1kb'],
      '--channel-bandwidth-upstream=1kb: Unknown unit "kb" (expected bps, kbps, Mbps, Gbps, Bps, kBps, MBps, GBps)',
    );
  });
  it('listen port and mode (cases 22, 46, 58, 78, 126)', async () => {
    assert.deepEqual((await config('-l8080')).listen, { port: 8080 });
    assert.deepEqual((await config('--listen-port', '127.0.0.1:8080')).listen, {
      host: '127.0.0.1',
      port: 8080,
    });
    assert.deepEqual((await config('-l', '[::1]:8080')).listen, { host: '::1', port: 8080 });
    assert.deepEqual((await config('-l', '65535')).listen, { port: 65535 });
    assert.equal((await config('-l1', '--listen-mode=active')).listenMode, 'active');
    assert.equal((await config('-l1', '--listen-mode=silent')).listenMode, 'silent');
    await refused(['-T1s', '-l', '0'], '--listen-port=0 is not in [1..65535]');
    await refused(['-l1', '--listen-mode', 'loud'], '--listen-mode=loud is not one of {silent|active}');
  });
  it('duration (cases 43, 44, 45, 117, 118, 134)', async () => {
    assert.equal((await config(T, '-T', '500ms')).duration, 0.5);
    assert.equal((await config(T, '-T', '0.05m')).duration, 3);
    assert.equal((await config(T, '-T1s')).duration, 1);
    assert.equal((await config(T, '--dura', '1')).duration, 1);
    assert.equal((await config(T, '-T', '-1')).duration, Number.POSITIVE_INFINITY);
    assert.equal((await config(T, '-T', '2s', '-T', '3')).duration, 3);
    await refused([T, '-T', '0'], 'Expected positive --duration=0');
    await refused([T, '-T', '-2'], 'Expected positive --duration=-2');
    await refused([T, '-T', '-0.5'], 'Expected positive --duration=-0.5');
    await refused(
      [T, '-T', 'abc'],
      '--duration=abc: Expected a number with an optional unit (ms, s, m, h, d, y)',
    );
    await refused([T, '-T', '5x'], '--duration=5x: Unknown unit "x" (expected ms, s, m, h, d, y)');
  });
  it('delay-send', async () => {
    assert.equal((await config(T, '--delay-send', '1')).delaySend, 1);
    assert.equal((await config(T, '--delay-send=250ms')).delaySend, 0.25);
    await refused([T, '--delay-send', '-1'], 'Expected non-negative --delay-send=-1');
  });
});

describe('content and -e ordering (cases 111, 112)', () => {
  it('-e applies only to content options after it', async () => {
    const late = await config(T, '-r1', '-m', 'a\\nb', '-e');
    assert.deepEqual(late.content, [{ option: 'message', value: 'a\\nb', unescape: false }]);
    const early = await config(T, '-r1', '-e', '-m', 'a\\nb', '-m', '|c\\rd');
    assert.deepEqual(early.content, [
      { option: 'message', value: 'a\\nb', unescape: true },
      { option: 'message', value: '|c\\rd', unescape: true },
    ]);
  });
  it('keeps every content option in command-line order', async () => {
    const c = await config(
      T,
      '--ws',
      '-1',
      'first',
      '-m',
      'x',
      '--unescape-message-args',
      '--first-message-file',
      'f1',
      '-f',
      'f2',
      '--message-file=f3',
      '-H',
      'X-A: 1',
      '--latency-marker',
      'x',
      '--first-message',
      'second',
      '--message',
      'y',
    );
    assert.deepEqual(c.content, [
      { option: 'first-message', value: 'first', unescape: false },
      { option: 'message', value: 'x', unescape: false },
      { option: 'first-message-file', value: 'f1', unescape: true },
      { option: 'message-file', value: 'f2', unescape: true },
      { option: 'message-file', value: 'f3', unescape: true },
      { option: 'header', value: 'X-A: 1', unescape: true },
      { option: 'latency-marker', value: 'x', unescape: true },
      { option: 'first-message', value: 'second', unescape: true },
      { option: 'message', value: 'y', unescape: true },
    ]);
  });
  it('-em bundles, and an empty message is kept', async () => {
    assert.deepEqual((await config(T, '-em', 'GET / HTTP/1.0\\r\\n\\r\\n')).content, [
      { option: 'message', value: 'GET / HTTP/1.0\\r\\n\\r\\n', unescape: true },
    ]);
    assert.deepEqual((await config(T, '-m', '')).content, [
      { option: 'message', value: '', unescape: false },
    ]);
  });
  it('message-stop is unescaped here, and only after -e', async () => {
    assert.equal((await config(T, '--message-stop', 'ST\\nOP')).messageStop, 'ST\\nOP');
    assert.equal((await config(T, '-e', '--message-stop', 'ST\\nOP\\x41')).messageStop, 'ST\nOPA');
    assert.equal((await config(T, '--message-stop', 'STOP', '-e')).messageStop, 'STOP');
    await refused([T, '--message-stop', ''], '--message-stop: Expected a non-empty string');
    await refused(
      [T, '--message-stop', 'a\\{re [a-z]}'],
      '--message-stop="a\\{re [a-z]}" must not contain \\{…} expressions',
    );
    await refused(
      [T, '-e', '--message-stop', '\\xff'],
      '--message-stop="\\xff": the unescaped value must be valid UTF-8 text',
    );
  });
});

describe('message rate (cases 30, 52, 54, 91-93, 115, 116, 133)', () => {
  it('fixed rates', async () => {
    assert.deepEqual((await config(T, '-m', 'Z', '-r', '1.5k')).messageRate, {
      kind: 'fixed',
      perSecond: 1500,
    });
    assert.deepEqual((await config(T, '-m', 'Z', '-r', '1e1')).messageRate, { kind: 'fixed', perSecond: 10 });
    assert.deepEqual((await config(T, '-f', 'file', '--message-rate=2')).messageRate, {
      kind: 'fixed',
      perSecond: 2,
    });
    await refused(['-r', '0', '-m', 'Z', T], 'Expecting --message-rate > 0');
    await refused(['-r', 'abc', '-m', 'Z', T], 'Expecting --message-rate > 0');
    await refused(['-r', '5x', '-m', 'Z', T], '--message-rate=5x: Unknown unit "x" (expected k, m)');
    await refused(['-r', 'inf', '-m', 'Z', T], '--message-rate=inf: Infinite values are not accepted');
  });
  it('latency targets', async () => {
    const r = await run(T, '-m', 'Z', '--latency-marker', 'Z', '-r', '@20ms');
    assert.deepEqual(r.config.messageRate, { kind: 'latency', seconds: 0.02, text: '20ms' });
    assert.equal(r.config.duration, Number.POSITIVE_INFINITY);
    assert.deepEqual(r.notices, []);
    const mm = await config(T, '-m', 'Z', '--message-marker', '-r', '@1s', '-T', '5');
    assert.deepEqual(mm.messageRate, { kind: 'latency', seconds: 1, text: '1s' });
    assert.equal(mm.duration, 5);
    await refused(
      ['-m', 'Z', '--latency-marker', 'Z', '-r', '@0', T],
      '--message-rate=@0: Expected a positive latency',
    );
    await refused(
      ['-m', 'Z', '--latency-marker', 'Z', '-r', '@5x', T],
      '--message-rate=@5x: Unknown unit "x" (expected ms, s, m, h, d, y)',
    );
  });
  it('a unitless latency above one second gets the ms hint (case 133)', async () => {
    const r = await run('-T2s', T, '-r', '@3', '--latency-marker', 'Z', '-m', 'Z', '-T2s');
    assert.deepEqual(r.notices, [
      'WARNING: --message-rate @3: target latency is greater than one second, which is probably not what you want',
      'WARNING: Suggesting using --message-rate @3ms',
    ]);
    assert.equal(r.config.duration, 2);
    assert.deepEqual((await run(T, '-r', '@1', '--latency-marker', 'Z', '-m', 'Z')).notices, []);
    assert.deepEqual((await run(T, '-r', '@3s', '--latency-marker', 'Z', '-m', 'Z')).notices, []);
  });
  it('override warnings, and kali keeps -T (cases 91, 92, 93)', async () => {
    const a = await run('-m', 'Z', '-r', '10', '-T1s', '-r', '@5ms', '--latency-marker', 'Z', T);
    assert.deepEqual(a.notices, [
      'WARNING: --message-rate @5ms overrides previous fixed --message-rate specification.',
    ]);
    assert.equal(a.config.duration, 1);
    const b = await run('-T2s', T, '-r', '5', '-r', '@5ms', '-r', '7', '-m', 'Z');
    assert.deepEqual(b.notices, [
      'WARNING: --message-rate @5ms overrides previous fixed --message-rate specification.',
      'WARNING: --message-rate 7 overrides previous dynamic --message-rate specification.',
    ]);
    assert.deepEqual(b.config.messageRate, { kind: 'fixed', perSecond: 7 });
    assert.equal(b.config.duration, 2);
    const c = await run(T, '-r', '@5ms', '-r', '7', '--latency-marker', 'Z', '-m', 'Z');
    assert.deepEqual(c.notices, [
      'WARNING: --message-rate 7 overrides previous dynamic --message-rate specification.',
    ]);
    assert.equal(c.config.duration, 10);
  });
  it('cross-option checks', async () => {
    assert.equal(
      contentChecks(await config(...['-m', 'Z', '-r', '@20ms', '-T1s', T])),
      '--message-rate @<Latency> requires specifying --latency-marker or --message-marker as well.',
    );
    assert.equal(
      contentChecks(await config(...['-r', '10', '-T1s', T])),
      '--message-rate parameter makes no sense without --message or --message-file',
    );
    assert.equal(
      contentChecks(await config(...['-r', '10', '-1', 'x', T])),
      '--message-rate parameter makes no sense without --message or --message-file',
    );
    await refused(
      [T, '-m', 'Z', '-r', '10', '--channel-bandwidth-upstream', '1kbps'],
      '--message-rate and --channel-bandwidth-upstream both set the sending rate; use one of them',
    );
    await refused(
      [T, '-m', 'Z', '--channel-bandwidth-upstream', '1kbps', '-r', '10'],
      '--message-rate and --channel-bandwidth-upstream both set the sending rate; use one of them',
    );
  });
});

describe('latency options (cases 31, 53, 76, 94, 95)', () => {
  it('flags, marker and skip', async () => {
    const c = await config(
      T,
      '--latency-connect',
      '--latency-first-byte',
      '-m',
      'x',
      '--latency-marker',
      'x',
    );
    assert.equal(c.latency.connect, true);
    assert.equal(c.latency.firstByte, true);
    assert.equal((await config(T, '--message-marker')).latency.messageMarker, true);
    assert.equal(
      (await config(T, '-m', 'Z', '--latency-marker', 'Z', '--latency-marker-skip', '5')).latency.markerSkip,
      5,
    );
    const twice = await config(T, '-m', 'Z', '--latency-marker', 'A', '--latency-marker', 'B');
    assert.deepEqual(
      twice.content.filter((a) => a.option === 'latency-marker').map((a) => a.value),
      ['B'],
    );
    await refused(
      [T, '--latency-marker-skip', '-1', '-m', 'Z', '--latency-marker', 'Z'],
      '--latency-marker-skip: Failed to parse or out of range expression',
    );
    await refused([T, '-m', 'Z', '--latency-marker', ''], '--latency-marker: Expected a non-empty marker');
  });
  it('marker conflicts and missing pieces', async () => {
    await refused(
      [T, '-m', 'Z', '--latency-marker', 'Z', '--message-marker'],
      '--message-marker: --latency-marker is already specified, use one or the other',
    );
    await refused(
      [T, '-m', 'Z', '--message-marker', '--latency-marker', 'Z'],
      '--latency-marker: --message-marker is already specified, use one or the other',
    );
    assert.equal(
      contentChecks(await config(...['--latency-marker', 'X', '-T1s', T])),
      '--latency-marker is given, but no messages are supposed to be sent. Specify --message?',
    );
    assert.equal(
      contentChecks(await config(...['--latency-marker', 'X', '-m', 'X', '-l1'])),
      '--latency-marker is given, but no connections are supposed to be initiated. Specify <host:port>?',
    );
  });
  it('percentiles', async () => {
    assert.deepEqual((await config(T, '--latency-percentiles', '50,100')).latency.percentiles, [
      { value: 50, label: '50' },
      { value: 100, label: '100' },
    ]);
    assert.deepEqual((await config(T, '--latency-percentiles', '50/99.9/100')).latency.percentiles, [
      { value: 50, label: '50' },
      { value: 99.9, label: '99.9' },
      { value: 100, label: '100' },
    ]);
    assert.deepEqual(
      (await config(T, '--latency-percentiles', '50.0', '--latency-percentiles=100.0')).latency.percentiles,
      [
        { value: 50, label: '50.0' },
        { value: 100, label: '100.0' },
      ],
    );
    await refused(
      [T, '--latency-percentiles', '101'],
      '--latency-percentiles: 101: Failed to parse: bad latency percentile specification, expected range is [0..100]',
    );
    await refused(
      [T, '--latency-percentiles', '1.2.3'],
      "--latency-percentiles: 1.2.3: Failed to parse: invalid separator, use ',' or '/'",
    );
    await refused(
      [T, '--latency-percentiles', 'x'],
      '--latency-percentiles: x: Failed to parse: expected a number in [0..100]',
    );
    await refused(
      [T, '--latency-percentiles', '50,'],
      '--latency-percentiles: 50,: Failed to parse: expected a number in [0..100]',
    );
    await refused(
      [T, '--latency-percentiles', '99.99999'],
      '--latency-percentiles: 99.99999: Failed to parse: too many characters in "99.99999"',
    );
  });
});

describe('destinations (cases 79, 127-129, 137)', () => {
  it('positionals anywhere, several of them', async () => {
    const c = await config('127.0.0.1:1', '-T1s', '-c2', '-l127.0.0.1:1', '[::1]:2/chat', 'ip6-localhost:3');
    assert.deepEqual(
      c.destinations.map((d) => [d.host, d.port, d.path]),
      [
        ['127.0.0.1', 1, ''],
        ['::1', 2, 'chat'],
        ['ip6-localhost', 3, ''],
      ],
    );
    assert.deepEqual((await config('-l1', '--', 'h:5')).destinations, [
      { text: 'h:5', host: 'h', port: 5, path: '' },
    ]);
  });
  it('errors', async () => {
    await refused(['-T1s', '127.0.0.1'], 'Expected :port specification. See --help.');
    await refused(['-T1s', '127.0.0.1:99999'], 'Port 99999 in 127.0.0.1:99999 is out of range [1..65535]');
  });
});

describe('kali extensions', () => {
  it('transport, output', async () => {
    const c = await config(T, '--transport', 'tcp', '--output', 'json', '--output=csv');
    assert.equal(c.transport, 'tcp');
    assert.deepEqual(c.outputs, ['json', 'csv']);
    assert.deepEqual(c.pluginOptions, {});
    await refused([T, '--transport', ''], '--transport: Expected a transport plugin name');
    await refused(
      [T, '--server', 'h:1'],
      '--server: tcpkali orchestration servers are not supported by kali',
    );
  });
});
