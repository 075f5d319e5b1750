import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatG,
  parseBandwidth,
  parseN,
  parseSizeBytes,
  parseTime,
  scanNumber,
  scanQuantity,
} from '../../src/cli/units.js';
import { UsageError } from '../../src/errors/index.js';

function refused(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof UsageError && e.message === message && e.exitCode === 64);
}

describe('scanNumber (strtod)', () => {
  it('reads signs, fractions, exponents and hex', () => {
    assert.deepEqual(scanNumber('12'), { value: 12, rest: '' });
    assert.deepEqual(scanNumber('-1.5k'), { value: -1.5, rest: 'k' });
    assert.deepEqual(scanNumber('+.25s'), { value: 0.25, rest: 's' });
    assert.deepEqual(scanNumber('1e1'), { value: 10, rest: '' });
    assert.deepEqual(scanNumber('1e'), { value: 1, rest: 'e' });
    assert.deepEqual(scanNumber('2.'), { value: 2, rest: '' });
    assert.deepEqual(scanNumber('0x10'), { value: 16, rest: '' });
    assert.deepEqual(scanNumber('0x1p3'), { value: 8, rest: '' });
    assert.deepEqual(scanNumber('0x'), { value: 0, rest: 'x' });
    assert.deepEqual(scanNumber(' 7'), { value: 7, rest: '' });
    assert.equal(scanNumber('abc'), undefined);
    assert.equal(scanNumber(''), undefined);
    assert.ok(Number.isNaN(scanNumber('inf')!.value));
  });
});

describe('N and Rate', () => {
  it('uses decimal multipliers', () => {
    assert.equal(parseN('-c', '10'), 10);
    assert.equal(parseN('-c', '10k'), 10000);
    assert.equal(parseN('-c', '1.5k'), 1500);
    assert.equal(parseN('-c', '2m'), 2e6);
    assert.equal(parseN('-c', '0.01k'), 10);
  });
  it('is case-sensitive and refuses other suffixes', () => {
    refused(() => parseN('--connections', '5K'), '--connections=5K: Unknown unit "K" (expected k, m)');
    refused(() => parseN('--connections', '5kb'), '--connections=5kb: Unknown unit "kb" (expected k, m)');
  });
});

describe('SizeBytes', () => {
  it('uses binary multipliers', () => {
    assert.equal(parseSizeBytes('--rcvbuf', '5k'), 5120);
    assert.equal(parseSizeBytes('--rcvbuf', '1m'), 1048576);
    assert.equal(parseSizeBytes('--rcvbuf', '300'), 300);
    refused(() => parseSizeBytes('--rcvbuf', '5g'), '--rcvbuf=5g: Unknown unit "g" (expected k, m)');
  });
});

describe('Bandwidth', () => {
  const cases: [string, number][] = [
    ['100', 100],
    ['8bps', 1],
    ['1kbps', 125],
    ['1Kbps', 125],
    ['1mbps', 125000],
    ['1Mbps', 125000],
    ['1gbps', 1.25e8],
    ['1Gbps', 1.25e8],
    ['3Bps', 3],
    ['1kBps', 1000],
    ['1KBps', 1000],
    ['1mBps', 1e6],
    ['1MBps', 1e6],
    ['1gBps', 1e9],
    ['1GBps', 1e9],
    ['10kbps', 1250],
  ];
  for (const [text, bytes] of cases) {
    it(`${text} = ${bytes} bytes/s`, () =>
      assert.equal(parseBandwidth('--channel-bandwidth-upstream', text), bytes));
  }
  it('refuses unknown units', () => {
    refused(
      () => parseBandwidth('--channel-bandwidth-upstream', '1kb'),
      '--channel-bandwidth-upstream=1kb: Unknown unit "kb" (expected bps, kbps, Mbps, Gbps, Bps, kBps, MBps, GBps)',
    );
    refused(
      () => parseBandwidth('--channel-bandwidth-upstream', '1KBPS'),
      '--channel-bandwidth-upstream=1KBPS: Unknown unit "KBPS" (expected bps, kbps, Mbps, Gbps, Bps, kBps, MBps, GBps)',
    );
  });
});

describe('Time', () => {
  const cases: [string, number][] = [
    ['2', 2],
    ['500ms', 0.5],
    ['1millisecond', 0.001],
    ['3milliseconds', 0.003],
    ['1s', 1],
    ['1second', 1],
    ['2seconds', 2],
    ['0.05m', 3],
    ['1min', 60],
    ['1minute', 60],
    ['2minutes', 120],
    ['1h', 3600],
    ['1hr', 3600],
    ['1hour', 3600],
    ['2hours', 7200],
    ['1d', 86400],
    ['1day', 86400],
    ['2days', 172800],
    ['1y', 31536000],
    ['1year', 31536000],
    ['2years', 63072000],
    ['-1', -1],
    ['1e1', 10],
  ];
  for (const [text, seconds] of cases) {
    it(`${text} = ${seconds} s`, () => assert.equal(parseTime('--duration', text), seconds));
  }
  it('refuses bad values with one line naming option and value', () => {
    refused(
      () => parseTime('--duration', '5x'),
      '--duration=5x: Unknown unit "x" (expected ms, s, m, h, d, y)',
    );
    refused(
      () => parseTime('--duration', '5S'),
      '--duration=5S: Unknown unit "S" (expected ms, s, m, h, d, y)',
    );
    refused(
      () => parseTime('--duration', '5 s'),
      '--duration=5 s: Unknown unit " s" (expected ms, s, m, h, d, y)',
    );
    refused(
      () => parseTime('--duration', 'abc'),
      '--duration=abc: Expected a number with an optional unit (ms, s, m, h, d, y)',
    );
    refused(
      () => parseTime('--duration', ''),
      '--duration=: Expected a number with an optional unit (ms, s, m, h, d, y)',
    );
    refused(() => parseTime('--duration', 'inf'), '--duration=inf: Infinite values are not accepted');
    refused(
      () => parseTime('--duration', '-infinity'),
      '--duration=-infinity: Infinite values are not accepted',
    );
    refused(() => parseTime('--duration', 'nan'), '--duration=nan: Infinite values are not accepted');
    refused(() => parseTime('--duration', '1e999'), '--duration=1e999: Infinite values are not accepted');
  });
  it('reports the unit that was used', () => {
    assert.deepEqual(scanQuantity('time', '3'), { ok: true, value: 3, unit: '' });
    assert.deepEqual(scanQuantity('time', '3ms'), { ok: true, value: 0.003, unit: 'ms' });
  });
});

describe('formatG (%g)', () => {
  it('prints like C', () => {
    assert.equal(formatG(100), '100');
    assert.equal(formatG(1), '1');
    assert.equal(formatG(0.1), '0.1');
    assert.equal(formatG(0.5), '0.5');
    assert.equal(formatG(2.5e-5), '2.5e-05');
    assert.equal(formatG(1234567), '1.23457e+06');
    assert.equal(formatG(123456), '123456');
    assert.equal(formatG(1 / 3), '0.333333');
    assert.equal(formatG(0), '0');
    assert.equal(formatG(Number.POSITIVE_INFINITY), 'inf');
  });
});
