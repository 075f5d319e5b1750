import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InOut, IntervalRecord, LatencyResult, RunResult } from 'kali';
import { resultProblem } from '../../../plugins/output-html/src/result-check.js';
import { sampleResult } from '../../docs/sample-result.js';
import { fixtureResult } from './fixture-result.js';

describe('what kali report accepts as a result', () => {
  it('takes any 1.x document, the hand-made ones and the schema sample alike', () => {
    assert.equal(resultProblem(fixtureResult()), undefined);
    assert.equal(resultProblem(sampleResult()), undefined);
    assert.equal(
      resultProblem({ ...fixtureResult(), schemaVersion: '1.7', addedLater: { x: 1 } }),
      undefined,
    );
  });

  it('refuses other JSON, and other major versions, in words that say which', () => {
    assert.equal(resultProblem([1, 2]), 'not a kali result (no schemaVersion)');
    assert.equal(resultProblem({ name: 'kali' }), 'not a kali result (no schemaVersion)');
    assert.equal(
      resultProblem({ ...fixtureResult(), schemaVersion: 'one' }),
      'not a kali result (schemaVersion "one")',
    );
    assert.equal(
      resultProblem({ ...fixtureResult(), schemaVersion: '2.0' }),
      'result schema version 2.0 is not one this kali reads (1.x); use a kali of that version',
    );
  });

  it('names the first field the page needs that is missing or malformed', () => {
    const cases: [(r: RunResult) => void, string][] = [
      [(r) => delete (r as Partial<RunResult>).command, 'command.line is not a string'],
      [(r) => ((r.time as { end: unknown }).end = 12), 'time.end is not a time or null'],
      [(r) => delete (r.traffic.rates.bits as Partial<InOut>).in, 'traffic.rates.bits.in is not a number'],
      [
        (r) => ((r.metrics.message as { kind: string }).kind = 'gauge'),
        'metrics["message"].kind is neither "counter" nor "latency"',
      ],
      [
        (r) => delete (r.metrics.message as Partial<LatencyResult>).histogram,
        'metrics["message"].histogram is not a string',
      ],
      [(r) => ((r.intervals as unknown[])[3] = null), 'intervals[3] is not an object'],
      [
        (r) => delete (r.intervals[4] as Partial<IntervalRecord>).open,
        'intervals[4].open.in is not a number',
      ],
      [
        (r) => ((r.thresholds[1] as { passed: unknown }).passed = 'no'),
        'thresholds[1].passed is not true or false',
      ],
    ];
    for (const [breakIt, problem] of cases) {
      const r = fixtureResult();
      breakIt(r);
      assert.equal(resultProblem(r), `not a kali result (${problem})`);
    }
  });
});
