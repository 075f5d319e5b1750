import { AssertionError } from 'node:assert';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { RunResult } from 'kali';
import { RESULT_SCHEMA_ID, validateResult } from '../helpers/result-schema.js';
import { samplePartial, sampleResult } from './sample-result.js';

/** A document opened up for breaking, which the RunResult type rightly forbids. */
// biome-ignore lint/suspicious/noExplicitAny: the edits write wrong types on purpose, at any depth
type Breakable = Record<string, any>;

/** Breaks a fresh sample with `edit` and expects the validator to name `path` in its complaint. */
function rejects(edit: (doc: Breakable) => void, path: RegExp): void {
  const doc = sampleResult() as unknown as Breakable;
  edit(doc);
  assert.throws(
    () => validateResult(doc),
    (err: unknown) => err instanceof AssertionError && path.test(err.message),
  );
}

describe('docs/result.schema.json', () => {
  it('is draft 2020-12 with the id the host writes into each document', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../docs/result.schema.json', import.meta.url), 'utf8'),
    );
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.$id, RESULT_SCHEMA_ID);
    assert.equal(sampleResult().$schema, schema.$id);
  });

  it('accepts a complete document, a partial one and a merged one', () => {
    validateResult(sampleResult());
    validateResult(samplePartial());
    validateResult({ ...sampleResult(), status: 'merged', mergedFrom: 3 } satisfies RunResult);
  });

  it('accepts the segment of a run made with --segment, and refuses a malformed one', () => {
    validateResult({ ...sampleResult(), segment: { index: 2, count: 3 } } satisfies RunResult);
    rejects((d) => (d.segment = { index: 0, count: 3 }), /\/segment\/index/);
    rejects((d) => (d.segment = { index: 1 }), /\/segment .*count/);
    rejects((d) => (d.segment = { index: 1, count: 2, of: 'x' }), /\/segment .*additional/);
  });

  it('accepts what may be empty or null: no intervals, no metrics, no steady phase', () => {
    const doc = samplePartial();
    doc.intervalSeconds = null;
    doc.intervals = [];
    doc.metrics = {};
    doc.time.steadyStart = null;
    validateResult(doc);
  });

  it('refuses a missing field', () => {
    rejects((d) => delete d.traffic, /must have required property 'traffic'/);
    rejects((d) => delete d.metrics.connect.histogram, /\/metrics\/connect .*histogram/);
    rejects((d) => delete d.intervals[0].rates, /\/intervals\/0 .*rates/);
  });

  it('refuses values outside the enums', () => {
    rejects((d) => (d.status = 'done'), /\/status must be equal to one of the allowed values/);
    rejects((d) => (d.intervals[1].phase = 'ramp'), /\/intervals\/1\/phase/);
    rejects((d) => (d.metrics.connect.kind = 'gauge'), /\/metrics\/connect/);
    rejects((d) => (d.metrics['redis.ok'].origin = 'host'), /\/metrics\/redis.ok/);
    rejects((d) => (d.metrics['redis.ok'].window = 'ramp-up'), /\/metrics\/redis.ok/);
    rejects((d) => (d.thresholds[0].operator = '=<'), /\/thresholds\/0\/operator/);
  });

  it('refuses negative counts and fractional ones', () => {
    rejects((d) => (d.traffic.bytes.out = -1), /\/traffic\/bytes\/out must be >= 0/);
    rejects((d) => (d.connections.failed.byReason.ECONNRESET = -2), /byReason\/ECONNRESET must be >= 0/);
    rejects((d) => (d.intervals[0].failed = 0.5), /\/intervals\/0\/failed must be integer/);
    rejects((d) => (d.intervalSeconds = 0), /\/intervalSeconds/);
  });

  it('refuses a property the schema does not know, where the shape is fixed', () => {
    rejects((d) => (d.extra = 1), /must NOT have additional properties .*"extra"/);
    rejects((d) => (d.traffic.rates.bits.both = 1), /\/traffic\/rates\/bits .*"both"/);
    rejects((d) => (d.metrics.connect.p95 = 1), /\/metrics\/connect/);
    rejects((d) => (d.intervals[0].metrics['redis.ok'].count = 1), /\/intervals\/0\/metrics\/redis.ok/);
  });

  it('keeps config and the maps keyed by name open', () => {
    const doc = sampleResult();
    doc.config.anyOption = { nested: [1, 'two'] };
    doc.connections.failed.byReason.EHOSTUNREACH = 3;
    validateResult(doc);
  });

  it('refuses nulls where the type has none, and malformed strings', () => {
    rejects((d) => (d.time.start = null), /\/time\/start/);
    rejects((d) => (d.time.end = '2025-01-31 12:00:02'), /\/time\/end/);
    rejects((d) => (d.metrics.connect.histogram = 'not base64!'), /\/metrics\/connect/);
    rejects((d) => (d.metrics.connect.percentiles.p99 = 1), /\/metrics\/connect/);
    rejects((d) => (d.exitStatus = 256), /\/exitStatus/);
    rejects((d) => (d.schemaVersion = '2.0'), /\/schemaVersion/);
  });
});
