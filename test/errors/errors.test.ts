import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  asFailure,
  ExitStatus,
  KaliError,
  oneLine,
  PluginFailure,
  renderError,
  UsageError,
  WorkerFailure,
} from '../../src/errors/index.js';

describe('errors', () => {
  it('renders kali errors as they are and anything else behind "kali:" with status 1', () => {
    assert.deepEqual(renderError(new KaliError('Bind failed', ExitStatus.UNAVAILABLE)), {
      text: 'Bind failed',
      exitCode: 69,
    });
    assert.deepEqual(renderError(new UsageError('bad\nworse', { usage: 'short' })), {
      text: 'bad\nworse',
      exitCode: 64,
      usage: 'short',
    });
    assert.deepEqual(renderError(new TypeError('x is not a function\n  more')), {
      text: 'kali: x is not a function more',
      exitCode: 1,
    });
    assert.deepEqual(renderError(Object.assign(new Error("Can't open"), { exitCode: 65 })), {
      text: "Can't open",
      exitCode: 65,
    });
  });

  it('keeps a plugin error that says what went wrong, and names the plugin of one that does not', () => {
    const deliberate = new PluginFailure(
      'json output',
      'onReport',
      Object.assign(new Error('json output: disk full'), { exitCode: 1 }),
    );
    assert.equal(deliberate.message, 'json output: disk full');
    const bug = new PluginFailure('json output', 'onStats', new TypeError('undefined is not iterable'));
    assert.equal(bug.message, 'json output: onStats() threw TypeError: undefined is not iterable');
    assert.equal(bug.exitCode, ExitStatus.FAILED);
    assert.equal(bug.code, 'E_PLUGIN');
  });

  it('names the worker, folds multi-line library text and keeps exit codes', () => {
    assert.equal(new WorkerFailure(3, 'exited unexpectedly').message, 'worker 3: exited unexpectedly');
    assert.equal(
      oneLine('error:0A00010B:SSL routines::wrong version number\n\n  at x'),
      'error:0A00010B:SSL routines::wrong version number at x',
    );
    assert.equal(asFailure('plain').exitCode, 1);
    assert.equal(asFailure(Object.assign(new Error('x'), { exitCode: 68 })).exitCode, 68);
  });
});
