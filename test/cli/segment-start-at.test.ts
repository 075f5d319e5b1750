import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CommandLine, parseCommandLine } from '../../src/cli/parse-command-line.js';
import { parseStartAt } from '../../src/cli/start-at-option.js';
import { UsageError } from '../../src/errors/index.js';
import type { RunConfig } from '../../src/interfaces/config.js';

const T = '127.0.0.1:24000';
const NOW = Date.parse('2030-06-15T12:00:00Z');
const env = (variables: Record<string, string> = {}) => ({ cpus: 4, variables, now: () => NOW });

async function config(argv: string[], variables?: Record<string, string>): Promise<RunConfig> {
  const result = await parseCommandLine(argv, env(variables));
  assert.equal(result.action, 'run');
  return (result as Extract<CommandLine, { action: 'run' }>).config;
}

async function refused(argv: string[], message: string, variables?: Record<string, string>): Promise<void> {
  await assert.rejects(parseCommandLine(argv, env(variables)), (e: unknown) => {
    assert.ok(e instanceof UsageError, String(e));
    assert.equal(e.message, message);
    assert.equal(e.exitCode, 64);
    return true;
  });
}

describe('--segment', { timeout: 10_000 }, () => {
  it('K/N: this share of -c and --connect-rate, the whole kept in config.segment', async () => {
    const c = await config(['--segment', '2/3', '-c10', '--connect-rate=300', T]);
    assert.equal(c.connections, 3);
    assert.equal(c.connectRate, 90);
    assert.deepEqual(c.segment, { index: 2, count: 3, wholeConnections: 10, wholeConnectRate: 300 });
  });

  it('splits before the worker count is chosen, and wherever -c stands', async () => {
    const c = await config(['-c', '2', '--segment=4/4', T]);
    assert.equal(c.connections, 0);
    assert.equal(c.workers, 1);
    assert.equal((await config(['--segment=1/2', '-c8', T])).workers, 4);
  });

  it('leaves -r per connection and -l alone', async () => {
    const c = await config(['--segment=1/2', '-r', '7', '-l', '127.0.0.1:24001', T]);
    assert.deepEqual(c.messageRate, { kind: 'fixed', perSecond: 7 });
    assert.deepEqual(c.listen, { host: '127.0.0.1', port: 24001 });
  });

  it('auto/N takes K from JOB_COMPLETION_INDEX, which counts from 0', async () => {
    const c = await config(['--segment', 'auto/3', '-c9', T], { JOB_COMPLETION_INDEX: '2' });
    assert.deepEqual(c.segment, { index: 3, count: 3, wholeConnections: 9, wholeConnectRate: 100 });
    assert.equal((await config(['--segment', 'auto/3', T], { JOB_COMPLETION_INDEX: '0' })).segment?.index, 1);
  });

  it('auto/N without a usable JOB_COMPLETION_INDEX: one line naming the option and the variable', async () => {
    await refused(
      ['--segment', 'auto/3', T],
      '--segment=auto/3: JOB_COMPLETION_INDEX is not set (Kubernetes sets it in the pods of an Indexed Job); elsewhere give --segment K/3',
    );
    for (const value of ['3', '-1', 'x', '1.5', ' 1'])
      await refused(
        ['--segment', 'auto/3', T],
        `--segment=auto/3: JOB_COMPLETION_INDEX=${value} is not an index from 0 to 2`,
        { JOB_COMPLETION_INDEX: value },
      );
  });

  it('bad values are refused in one line', async () => {
    for (const bad of ['0/2', '3/2'])
      await refused(['--segment', bad, T], `--segment=${bad}: K must be from 1 to N (2)`);
    for (const bad of ['x', '1/0', '1', '/2', '1/2/3', '-1/2', '1.5/2', 'auto', 'AUTO/2', ''])
      await refused(
        ['--segment', bad, T],
        `--segment=${bad}: Expected K/N (this process runs share K of N, 1 <= K <= N) or auto/N`,
      );
  });
});

describe('--start-at', { timeout: 10_000 }, () => {
  it('reads RFC 3339 (any offset, fractions) and Unix seconds', () => {
    const at = Date.parse('2030-06-15T12:00:05Z');
    assert.equal(parseStartAt('2030-06-15T12:00:05Z', NOW), at);
    assert.equal(parseStartAt('2030-06-15t12:00:05z', NOW), at);
    assert.equal(parseStartAt('2030-06-15 14:00:05+02:00', NOW), at);
    assert.equal(parseStartAt('2030-06-15T11:30:05.250-00:30', NOW), at + 250);
    assert.equal(parseStartAt(String(at / 1000), NOW), at);
    assert.equal(parseStartAt(`${at / 1000}.5`, NOW), at + 500);
  });

  it('lands in the configuration as milliseconds since the epoch', async () => {
    const c = await config(['--start-at', '2030-06-15T12:01:00Z', T]);
    assert.equal(c.startAt, NOW + 60_000);
    assert.equal((await config([T])).startAt, undefined);
  });

  it('a moment past, more than a day ahead, or not a time: refused in one line', async () => {
    const now = '2030-06-15T12:00:00.000Z';
    await refused(
      ['--start-at', '2030-06-15T12:00:00Z', T],
      `--start-at=2030-06-15T12:00:00Z: that moment has passed (it is now ${now})`,
    );
    await refused(['--start-at', '1000', T], `--start-at=1000: that moment has passed (it is now ${now})`);
    await refused(
      ['--start-at', '2030-06-16T12:00:01Z', T],
      `--start-at=2030-06-16T12:00:01Z: more than a day ahead (it is now ${now})`,
    );
    // Milliseconds given as seconds land far in the future.
    await refused(
      ['--start-at', String(NOW + 5000), T],
      `--start-at=${NOW + 5000}: more than a day ahead (it is now ${now})`,
    );
    for (const bad of [
      'tomorrow',
      '2030-06-15',
      '2030-06-15T12:00:05',
      '2030-02-30T12:00:00Z',
      '2030-06-15T24:00:00Z',
      '2030-06-15T12:00:05+25:00',
      '-5',
      '1e9',
      '',
    ])
      await refused(
        ['--start-at', bad, T],
        `--start-at=${bad}: Expected an RFC 3339 time (2030-01-31T12:00:00Z) or Unix seconds`,
      );
  });
});
