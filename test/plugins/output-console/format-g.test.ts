import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatExponential, formatFixed } from '../../../plugins/output-console/src/c-number.js';
import { formatG } from '../../../plugins/output-console/src/format-g.js';

describe('formatG (C %g)', () => {
  it('keeps six significant digits of real test durations', () => {
    assert.equal(formatG(2.0013320507543), '2.00133');
    assert.equal(formatG(3.00722), '3.00722');
    assert.equal(formatG(5.002041), '5.00204');
    assert.equal(formatG(4.009494), '4.00949');
  });

  it('removes trailing zeros and a bare decimal point', () => {
    assert.equal(formatG(1.4781), '1.4781');
    assert.equal(formatG(1.47810001), '1.4781');
    assert.equal(formatG(2), '2');
    assert.equal(formatG(2.0000001), '2');
    assert.equal(formatG(10.5), '10.5');
    assert.equal(formatG(0), '0');
  });

  it('rounds at the sixth digit, carrying into the next power of ten', () => {
    assert.equal(formatG(1.9999996), '2');
    assert.equal(formatG(99999.96), '100000');
    assert.equal(formatG(123456.7), '123457');
  });

  it('switches to exponent notation below 1e-4 and from 1e6', () => {
    assert.equal(formatG(999999.4), '999999');
    assert.equal(formatG(999999.5), '1e+06');
    assert.equal(formatG(1234567), '1.23457e+06');
    assert.equal(formatG(1e21), '1e+21');
    assert.equal(formatG(0.0001), '0.0001');
    assert.equal(formatG(0.00012345678), '0.000123457');
    assert.equal(formatG(0.00001), '1e-05');
    assert.equal(formatG(0.000012345), '1.2345e-05');
    assert.equal(formatG(1e-100), '1e-100');
  });

  it('rounds exact binary ties to even like glibc', () => {
    // 1234565 and 1234575 are exact doubles halfway at the sixth significant digit.
    assert.equal(formatG(1234565), '1.23456e+06');
    assert.equal(formatG(1234575), '1.23458e+06');
    assert.equal(formatG(0.5, 1), '0.5');
    assert.equal(formatG(2.5, 1), '2');
    assert.equal(formatG(3.5, 1), '4');
  });

  it('handles signs and non-finite values', () => {
    assert.equal(formatG(-2.0013320507543), '-2.00133');
    assert.equal(formatG(Number.POSITIVE_INFINITY), 'inf');
    assert.equal(formatG(Number.NEGATIVE_INFINITY), '-inf');
    assert.equal(formatG(Number.NaN), 'nan');
  });
});

describe('formatFixed (C %.Nf)', () => {
  it('matches toFixed away from ties', () => {
    assert.equal(formatFixed(23200.6234, 3), '23200.623');
    assert.equal(formatFixed(0.04, 1), '0.0');
    assert.equal(formatFixed(1.96, 1), '2.0');
  });

  it('rounds exact ties to even where toFixed rounds up', () => {
    assert.equal(formatFixed(0.25, 1), '0.2');
    assert.equal(formatFixed(0.75, 1), '0.8');
    assert.equal(formatFixed(0.125, 2), '0.12');
    assert.equal(formatFixed(2.5, 0), '2');
    assert.equal(formatFixed(9.5, 0), '10');
    assert.equal(formatFixed(-0.25, 1), '-0.2');
  });

  it('does not mistake inexact near-ties for ties', () => {
    // 0.35 is stored slightly below, 0.45 slightly above the midpoint.
    assert.equal(formatFixed(0.35, 1), '0.3');
    assert.equal(formatFixed(0.45, 1), '0.5');
  });

  it('prints huge values in positional notation', () => {
    assert.equal(formatFixed(1e21, 1), '1000000000000000000000.0');
  });
});

describe('formatExponential (C %.Ne)', () => {
  it('pads the exponent to two digits', () => {
    assert.equal(formatExponential(1234567, 5), '1.23457e+06');
    assert.equal(formatExponential(0.5, 0), '5e-01');
    assert.equal(formatExponential(1e-100, 2), '1.00e-100');
  });

  it('keeps the carried digit when a tie crosses a power of ten', () => {
    assert.equal(formatExponential(9.5, 0), '1e+01');
    assert.equal(formatExponential(8.5, 0), '8e+00');
  });
});
