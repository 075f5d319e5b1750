import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes } from '../../../plugins/output-console/src/byte-units.js';

describe('formatBytes', () => {
  it('prints plain bytes below 2048', () => {
    assert.equal(formatBytes(0), '0 bytes');
    assert.equal(formatBytes(1650), '1650 bytes');
    assert.equal(formatBytes(2047), '2047 bytes');
  });

  it('switches to KiB at 2048 and stays there below 512 KiB', () => {
    assert.equal(formatBytes(2048), '2.0 KiB');
    assert.equal(formatBytes(6231), '6.1 KiB');
    assert.equal(formatBytes(62837), '61.4 KiB');
    assert.equal(formatBytes(512 * 1024 - 1), '512.0 KiB');
  });

  it('uses MiB from 512 KiB on, never GiB', () => {
    assert.equal(formatBytes(512 * 1024), '0.5 MiB');
    assert.equal(formatBytes(1250943), '1.2 MiB');
    assert.equal(formatBytes(5816952135), '5547.5 MiB');
    assert.equal(formatBytes(7406110350), '7063.0 MiB');
    assert.equal(formatBytes(26589202842), '25357.4 MiB');
  });
});
