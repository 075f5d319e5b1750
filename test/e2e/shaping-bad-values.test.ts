import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorLines, explain, hasStackTrace, runKali } from '../helpers/run-kali.js';

/** Nothing listens on port 1; every case must fail before connecting anyway. */
const TARGET = '127.0.0.1:1';

/** [options, the one stderr line expected]; every one of them exits 64. */
const CASES: [string[], string][] = [
  [['-r', '0'], 'Expecting --message-rate > 0'],
  [['-r', '-5'], 'Expecting --message-rate > 0'],
  [['-r', 'inf'], '--message-rate=inf: Infinite values are not accepted'],
  [['-r', '1e400'], '--message-rate=1e400: Infinite values are not accepted'],
  [['-r', '5x'], '--message-rate=5x: Unknown unit "x" (expected k, m)'],
  [
    ['-r', '5', '--channel-bandwidth-upstream', '1kbps'],
    '--message-rate and --channel-bandwidth-upstream both set the sending rate; use one of them',
  ],
  [['--channel-bandwidth-upstream', '0'], 'Expected positive --channel-bandwidth-upstream=0'],
  [['--channel-bandwidth-upstream', '-1kbps'], 'Expected positive --channel-bandwidth-upstream=-1kbps'],
  [
    ['--channel-bandwidth-upstream', '5furlongs'],
    '--channel-bandwidth-upstream=5furlongs: Unknown unit "furlongs" (expected bps, kbps, Mbps, Gbps, Bps, kBps, MBps, GBps)',
  ],
  [['--channel-bandwidth-downstream', '-1'], 'Expected non-negative --channel-bandwidth-downstream=-1'],
  [
    ['--channel-bandwidth-downstream', '3x'],
    '--channel-bandwidth-downstream=3x: Unknown unit "x" (expected bps, kbps, Mbps, Gbps, Bps, kBps, MBps, GBps)',
  ],
  [['--rcvbuf', '0'], 'Expecting --rcvbuf > 0'],
  [['--rcvbuf', '-1k'], 'Expecting --rcvbuf > 0'],
  [['--rcvbuf', '5q'], '--rcvbuf=5q: Unknown unit "q" (expected k, m)'],
  [['--sndbuf', '0'], 'Expecting --sndbuf > 0'],
  [['--sndbuf', 'inf'], '--sndbuf=inf: Infinite values are not accepted'],
  [['--channel-lifetime', '-1'], 'Expected non-negative --channel-lifetime=-1'],
  [
    ['--channel-lifetime', '3parsecs'],
    '--channel-lifetime=3parsecs: Unknown unit "parsecs" (expected ms, s, m, h, d, y)',
  ],
  [['--delay-send', '-1'], 'Expected non-negative --delay-send=-1'],
  [['--delay-send', '1x'], '--delay-send=1x: Unknown unit "x" (expected ms, s, m, h, d, y)'],
  [['--connect-timeout', '0'], 'Expected positive --connect-timeout=0'],
  [['--connect-timeout', '-1'], 'Expected positive --connect-timeout=-1'],
  [['--connect-timeout', '2ly'], '--connect-timeout=2ly: Unknown unit "ly" (expected ms, s, m, h, d, y)'],
  [['--connect-rate', '0'], 'Expected positive --connect-rate=0'],
  [['--nagle', 'maybe'], 'Expecting --nagle "on" or "off"'],
  [['--write-combine', 'maybe'], 'Expecting --write-combine off'],
  [['--listen-mode', 'loud'], '--listen-mode=loud is not one of {silent|active}'],
  [['--message-stop', ''], '--message-stop: Expected a non-empty string'],
  [
    ['--message-stop', '\\{connection.uid}'],
    '--message-stop="\\{connection.uid}" must not contain \\{…} expressions',
  ],
  [['--source-ip', 'not-an-ip'], '--source-ip=not-an-ip: local IP address expected'],
  [['-w', '0'], 'Expected --workers > 1'],
];

describe('bad values of the shaping options', { timeout: 60_000, concurrency: 2 }, () => {
  for (const [options, message] of CASES) {
    it(`${options.map((o) => (o === '' ? "''" : o)).join(' ')} → ${message}`, async () => {
      const run = await runKali(['-m', 'x', ...options, '-T1s', TARGET], { timeoutMs: 10_000 });
      assert.equal(run.code, 64, explain(run));
      assert.deepEqual(errorLines(run.stderr), [message], explain(run));
      assert.equal(run.stdout, '', explain(run));
      assert.ok(!hasStackTrace(run.stderr), explain(run));
    });
  }
});
