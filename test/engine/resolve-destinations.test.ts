import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveDestinations } from '../../src/engine/resolve-destinations.js';
import type { DestinationSpec } from '../../src/interfaces/config.js';

/** A name that never resolves (RFC 6761 reserves .invalid), so no network answer is needed. */
const NOWHERE = 'no-such-host.invalid';

async function refusal(spec: DestinationSpec): Promise<string> {
  try {
    await resolveDestinations([spec]);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`${spec.text} resolved`);
}

describe('a destination that does not resolve', () => {
  it('is named as written, without its path', async () => {
    const message = await refusal({ text: `${NOWHERE}:80/x`, host: NOWHERE, port: 80, path: 'x' });
    assert.match(message, new RegExp(`^kali: Resolving ${NOWHERE}:80: \\S`));
  });

  it('is named with its scheme when written as a URL, whose // is no path', async () => {
    const text = `redis://${NOWHERE}:6379/0`;
    const message = await refusal({ text, host: NOWHERE, port: 6379, path: '0', scheme: 'redis' });
    assert.match(message, new RegExp(`^kali: Resolving redis://${NOWHERE}:6379: \\S`));
  });
});
