import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName, editDistance } from '../../src/cli/suggest.js';

describe('suggestions for a mistyped option', () => {
  it('count insertions, deletions, substitutions and swaps', () => {
    assert.equal(editDistance('connections', 'connections'), 0);
    assert.equal(editDistance('conections', 'connections'), 1);
    assert.equal(editDistance('druation', 'duration'), 1);
    assert.equal(editDistance('', 'ab'), 2);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
  it('offer the nearest name within a distance that grows with the length', () => {
    const names = ['connections', 'connect-rate', 'connect-timeout', 'duration', 'ws', 'ssl'];
    assert.equal(closestName('conections', names), 'connections');
    assert.equal(closestName('connection-rate', names), 'connect-rate');
    assert.equal(closestName('wss', names), 'ws');
    assert.equal(closestName('foo', names), undefined);
    assert.equal(closestName('totally-different', names), undefined);
  });
  it('break ties by order', () => {
    assert.equal(closestName('ab', ['ax', 'ay']), 'ax');
  });
});
