import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  handedOver,
  handedOverEntries,
  handOver,
  receiveHandedOver,
} from '../../src/registry/handed-over.js';
import { kaliApi } from '../../src/registry/kali-api.js';

it('what the main thread hands over travels as entries and is found again by key', () => {
  const bytes = new TextEncoder().encode('once only');
  kaliApi.handOver('test:fifo', bytes);
  assert.equal(handedOver('test:fifo'), bytes);
  const entries = handedOverEntries();
  assert.deepEqual(
    entries.find(([k]) => k === 'test:fifo'),
    ['test:fifo', bytes],
  );
  // A worker receives the entries (structured clones) before its plugins load.
  const clone = structuredClone(entries);
  handOver('test:fifo', new Uint8Array());
  receiveHandedOver(clone);
  assert.deepEqual(kaliApi.handedOver('test:fifo'), bytes);
  assert.equal(kaliApi.handedOver('test:nothing'), undefined);
});
