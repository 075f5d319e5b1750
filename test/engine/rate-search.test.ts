import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newHistogram } from '../../src/engine/histogram.js';
import { RateSearch, type SearchOutcome } from '../../src/engine/rate-search.js';

/** How often run-load lets the search look, in ms. */
const TICK_MS = 250;
const CONNECTIONS = 10;

interface Simulation {
  outcome: SearchOutcome;
  lines: string[];
  rates: number[];
  elapsedMs: number;
}

/**
 * A fake system under test: at per-connection rate r every message's latency is p95ms(r) (±2 %,
 * deterministic), and the window the search judges holds what arrived since its last reset.
 * Time is simulated, so a search that would take a minute runs in milliseconds.
 */
function simulate(targetMs: number, p95ms: (rate: number) => number, limitMs = 300_000): Simulation {
  return simulateSystem(targetMs, (rate) => () => p95ms(rate), limitMs);
}

/**
 * Like simulate, for a system with memory: `tick(rate)` is called once per tick and returns the
 * latency (ms) of each message answered during that tick.
 */
function simulateSystem(
  targetMs: number,
  tick: (rate: number) => (i: number) => number,
  limitMs = 300_000,
): Simulation {
  const window = newHistogram();
  const lines: string[] = [];
  const rates: number[] = [];
  let rate = 0;
  const search = new RateSearch(
    targetMs,
    (line) => lines.push(line),
    (r) => {
      rate = r;
      rates.push(r);
    },
    () => window.reset(),
  );
  let now = 10_000;
  search.start(now);
  let jitter = 0;
  for (;;) {
    now += TICK_MS;
    // Thousands of samples a tick would only slow the test; a few hundred give the same p95.
    const n = Math.min(Math.round((CONNECTIONS * rate * TICK_MS) / 1000), 400);
    const latency = tick(rate);
    for (let i = 0; i < n; i++) {
      jitter = (jitter + 7) % 41;
      window.recordValue(Math.max(1, Math.round(latency(i / n) * 1000 * (0.98 + jitter / 1000))));
    }
    const outcome = search.look(now, window);
    if (outcome.kind !== 'searching' || now - 10_000 > limitMs) {
      return { outcome, lines, rates, elapsedMs: now - 10_000 };
    }
  }
}

/** p95 = target × (r / capacity)³: crosses the target exactly at `capacity`, like a saturating server. */
const saturating = (targetMs: number, capacity: number) => (r: number) => targetMs * (r / capacity) ** 3;

describe('RateSearch (-r @Latency)', () => {
  for (const capacity of [150, 370, 1000, 5000]) {
    it(`finds a rate within 10 % under a capacity of ${capacity} msg/s per connection`, () => {
      const sim = simulate(20, saturating(20, capacity));
      assert.equal(sim.outcome.kind, 'found', sim.lines.join('\n'));
      const rate = (sim.outcome as { rate: number }).rate;
      assert.ok(rate <= capacity, `${rate} is over the capacity ${capacity}\n${sim.lines.join('\n')}`);
      assert.ok(
        rate >= capacity * 0.9,
        `${rate} is more than 10 % under ${capacity}\n${sim.lines.join('\n')}`,
      );
      // Short steps are the point of the design: tcpkali's 10-s steps need minutes for this.
      assert.ok(sim.elapsedMs < 90_000, `took ${sim.elapsedMs} ms of simulated time`);
    });
  }

  it('against a server that queues what it cannot serve, finds a rate within 10 % of its capacity', {}, () => {
    // 10 connections into one server serving 3000 replies a second, 1 ms each otherwise: the
    // backlog grows by 10·r − 3000 a second above r = 300 and drains below it, so p95 ≤ 20 ms
    // holds at any r < 300 once the backlog left by earlier steps has drained.
    const serveRate = 3000;
    let backlog = 0;
    const sim = simulateSystem(20, (rate) => {
      const before = backlog;
      backlog = Math.max(0, backlog + ((CONNECTIONS * rate - serveRate) * TICK_MS) / 1000);
      const after = backlog;
      return (f) => 1 + ((before + (after - before) * f) / serveRate) * 1000;
    });
    assert.equal(sim.outcome.kind, 'found', sim.lines.join('\n'));
    const rate = (sim.outcome as { rate: number }).rate;
    assert.ok(rate >= 270 && rate <= 300, `found ${rate}\n${sim.lines.join('\n')}`);
  });

  it('starts at 100, doubles while good, then bisects, announcing every change', () => {
    const sim = simulate(20, saturating(20, 370));
    assert.equal(sim.rates[0], 100);
    assert.deepEqual(sim.lines.slice(0, 3), [
      'Attempting --message-rate 200 (in range 100..inf)',
      'Attempting --message-rate 400 (in range 200..inf)',
      'Attempting --message-rate 300 (in range 200..400)',
    ]);
    assert.equal(
      sim.lines.length,
      sim.rates.length - 1,
      'the first rate is not announced, every other one is',
    );
    for (const line of sim.lines) {
      const m = /^Attempting --message-rate (\d+) \(in range (\d+)\.\.(\d+|inf)\)$/.exec(line);
      assert.ok(m, line);
      const [r, lo, hi] = [
        Number(m[1]),
        Number(m[2]),
        m[3] === 'inf' ? Number.POSITIVE_INFINITY : Number(m[3]),
      ];
      assert.ok(lo < r && r < hi, line);
    }
  });

  it('gives up when even 1 message per second per connection is too slow', () => {
    const sim = simulate(20, () => 100);
    assert.equal(sim.outcome.kind, 'impossible', sim.lines.join('\n'));
    assert.ok(
      sim.rates.every((r, i) => i === 0 || r < sim.rates[i - 1]),
      `${sim.rates}`,
    );
    assert.ok(sim.rates.at(-1)! >= 1);
  });

  it('does not judge a step during its warm-up, whatever the window holds', () => {
    const window = newHistogram();
    const search = new RateSearch(
      20,
      () => {},
      () => {},
      () => window.reset(),
    );
    search.start(0);
    for (let i = 0; i < 1000; i++) window.recordValue(500_000);
    for (let t = 0; t < 500; t += 100) assert.equal(search.look(t, window).kind, 'searching');
  });
});
