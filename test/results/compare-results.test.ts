import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageFailure } from '../../src/errors/index.js';
import {
  breaches,
  breachLines,
  type ComparedFigure,
  compareFigures,
  comparisonTable,
  formatChange,
  parseTolerance,
  relativeChange,
  unmatchedMetrics,
} from '../../src/results/compare-results.js';
import { counterMetric, latencyMetric, makeResult } from './fixtures.js';

const base = makeResult({
  seconds: 10,
  bytesIn: 1_000_000,
  bytesOut: 2_000_000,
  metrics: {
    message: latencyMetric([1_000, 2_000, 3_000, 4_000]),
    'redis.error': counterMetric(0, 10),
    'redis.ok': counterMetric(100, 10),
    'only.base': counterMetric(1, 10),
  },
});

const figure = (f: Partial<ComparedFigure>): ComparedFigure => ({
  name: 'message.p99',
  unit: 'ms',
  base: 10,
  next: 10,
  worse: 'higher',
  ...f,
});

describe('compareFigures', () => {
  it('rows for rates, failures, each counter (total and rate) and each latency, in that order', () => {
    const names = compareFigures(base, base).map((f) => f.name);
    assert.deepEqual(names, [
      'traffic.bits.in.rate',
      'traffic.bits.out.rate',
      'traffic.msgs.in.rate',
      'traffic.msgs.out.rate',
      'connections.failed',
      'redis.error',
      'redis.error.rate',
      'redis.ok',
      'redis.ok.rate',
      'only.base',
      'only.base.rate',
      'message.p50',
      'message.p90',
      'message.p99',
      'message.p99.9',
      'message.max',
      'message.mean',
    ]);
  });

  it('reads the figures in the units results hold: bits per second, milliseconds', () => {
    const byName = new Map(compareFigures(base, base).map((f) => [f.name, f]));
    assert.equal(byName.get('traffic.bits.in.rate')?.base, 800_000);
    assert.equal(byName.get('message.max')?.base, (base.metrics.message as { max: number }).max);
    assert.equal(byName.get('message.p50')?.unit, 'ms');
  });

  it('knows which way is worse', () => {
    const worse = new Map(compareFigures(base, base).map((f) => [f.name, f.worse]));
    assert.equal(worse.get('traffic.bits.in.rate'), 'lower');
    assert.equal(worse.get('connections.failed'), 'higher');
    assert.equal(worse.get('redis.error'), 'higher');
    assert.equal(worse.get('redis.error.rate'), 'higher');
    assert.equal(worse.get('redis.ok'), 'lower');
    assert.equal(worse.get('message.p99'), 'higher');
  });

  it('leaves out metrics only one result holds, and says which', () => {
    const next = makeResult({
      metrics: { message: latencyMetric([1_000]), 'only.next': counterMetric(1, 10) },
    });
    const names = compareFigures(base, next).map((f) => f.name);
    assert.ok(!names.some((n) => n.startsWith('only.') || n.startsWith('redis.')), names.join());
    assert.deepEqual(unmatchedMetrics(base, next), {
      base: ['redis.error', 'redis.ok', 'only.base'],
      next: ['only.next'],
    });
  });

  it('a result compared with itself changes by 0% throughout, — where the base is 0', () => {
    const table = comparisonTable(compareFigures(base, base));
    assert.match(table[0], /^FIGURE +BASE +NEW +CHANGE$/);
    for (const row of table.slice(1)) assert.match(row, / (0\.0%|—)$/, row);
    assert.match(table.find((r) => r.startsWith('redis.error '))!, /—$/);
    assert.deepEqual(breaches(compareFigures(base, base), [parseTolerance('0%')]), []);
  });

  it('formats bits scaled, rates per second and latencies in ms', () => {
    const table = comparisonTable(compareFigures(base, base));
    assert.match(table.find((r) => r.startsWith('traffic.bits.in.rate'))!, / 800\.000 kbps +800\.000 kbps /);
    assert.match(table.find((r) => r.startsWith('redis.ok.rate'))!, / 10\.0\/s +10\.0\/s /);
    assert.match(table.find((r) => r.startsWith('message.max'))!, / 4\.\d{3} ms +4\.\d{3} ms /);
  });
});

describe('relativeChange and formatChange', () => {
  it('signed percent of the base, one decimal; — without a base', () => {
    assert.equal(relativeChange(200, 250), 25);
    assert.equal(relativeChange(200, 150), -25);
    assert.equal(relativeChange(0, 5), undefined);
    assert.equal(relativeChange(null, 5), undefined);
    assert.equal(formatChange(25), '+25.0%');
    assert.equal(formatChange(-2.04), '-2.0%');
    assert.equal(formatChange(0.01), '0.0%');
    assert.equal(formatChange(undefined), '—');
  });
});

describe('parseTolerance', () => {
  it('a percentage for every figure, or FIGURE=PCT for one', () => {
    assert.deepEqual(parseTolerance('10%'), { text: '10%', percent: 10 });
    assert.deepEqual(parseTolerance('message.p99.9=2.5%'), {
      text: 'message.p99.9=2.5%',
      percent: 2.5,
      figure: 'message.p99.9',
    });
  });

  for (const bad of ['10', 'ten%', '-5%', '=5%', 'message.p99=', '%', '5%%']) {
    it(`refuses ${JSON.stringify(bad)} in one line naming the flag and the value, exit 64`, () => {
      assert.throws(
        () => parseTolerance(bad),
        (err: unknown) =>
          err instanceof UsageFailure &&
          err.exitCode === 64 &&
          err.message.startsWith(`--tolerance=${bad}: `) &&
          !err.message.includes('\n'),
      );
    });
  }
});

describe('breaches', () => {
  it('higher is worse for latencies: more than the tolerance fails, exactly the tolerance passes', () => {
    const t = [parseTolerance('10%')];
    assert.equal(breaches([figure({ base: 10, next: 11.5 })], t).length, 1);
    assert.equal(breaches([figure({ base: 10, next: 11 })], t).length, 0);
    assert.equal(breaches([figure({ base: 10, next: 2 })], t).length, 0, 'better is never a breach');
  });

  it('lower is worse for rates', () => {
    const t = [parseTolerance('10%')];
    const rate = (next: number) =>
      figure({ name: 'traffic.bits.in.rate', unit: '1/s', worse: 'lower', base: 100, next });
    assert.equal(breaches([rate(85)], t).length, 1);
    assert.equal(breaches([rate(95)], t).length, 0);
    assert.equal(breaches([rate(500)], t).length, 0);
  });

  it('errors appearing where there were none exceed any tolerance', () => {
    const errors = figure({ name: 'redis.error', unit: '', base: 0, next: 1 });
    const [found] = breaches([errors], [parseTolerance('1000%')]);
    assert.equal(found?.change, undefined);
    assert.match(breachLines([found])[1], /redis\.error: 0 -> 1 \(from 0, tolerance 1000%\)/);
  });

  it('a tolerance for one figure outranks the one for every figure, the last given wins', () => {
    const p99 = figure({ base: 10, next: 13 });
    const p50 = figure({ name: 'message.p50', base: 10, next: 13 });
    const found = breaches(
      [p99, p50],
      [parseTolerance('message.p99=50%'), parseTolerance('5%'), parseTolerance('20%')],
    );
    assert.deepEqual(
      found.map((b) => [b.figure.name, b.tolerance.text]),
      [['message.p50', '20%']],
    );
  });

  it('without tolerances nothing breaches', () => {
    assert.deepEqual(breaches([figure({ base: 1, next: 1000 })], []), []);
  });

  it('figures without data are not judged', () => {
    assert.deepEqual(breaches([figure({ base: 1, next: null })], [parseTolerance('0%')]), []);
  });

  it('refuses a tolerance that names no figure of the table', () => {
    assert.throws(
      () => breaches([figure({})], [parseTolerance('mesage.p99=5%')]),
      (err: unknown) =>
        err instanceof UsageFailure &&
        err.exitCode === 64 &&
        /^--tolerance=mesage\.p99=5%: no figure/.test(err.message),
    );
  });

  it('lists what exceeded after a heading', () => {
    const found = breaches([figure({ base: 10, next: 12 })], [parseTolerance('5%')]);
    assert.deepEqual(breachLines(found), [
      'Worse than tolerated (1):',
      '  message.p99: 10.000 ms -> 12.000 ms (+20.0%, tolerance 5%)',
    ]);
    assert.deepEqual(breachLines([]), []);
  });
});
