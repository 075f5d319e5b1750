import assert from 'node:assert/strict';
import { it } from 'node:test';
import { catchInterrupts, interruptedBy, interruptLine, onInterrupt } from '../../src/host/signals.js';

it('a signal that came before anyone listened reaches the first listener', async () => {
  catchInterrupts();
  // Emitting runs the handlers without a real signal; a second one would exit the test process.
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal(interruptedBy(), 'SIGTERM');
  const got = await new Promise<string>((resolve) => {
    const off = onInterrupt((signal) => {
      off();
      resolve(signal);
    });
  });
  assert.equal(got, 'SIGTERM');
  assert.equal(interruptLine('SIGINT'), 'Ctrl+C pressed, finishing up...');
  assert.equal(interruptLine('SIGHUP'), 'SIGHUP received, finishing up...');
});
