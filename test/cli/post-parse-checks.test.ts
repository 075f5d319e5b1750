import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine } from '../../src/cli/parse-command-line.js';
import { rampFeasibility, systemLimitWarnings } from '../../src/cli/post-parse-checks.js';
import type { RunConfig } from '../../src/interfaces/config.js';

async function config(...argv: string[]): Promise<RunConfig> {
  const result = await parseCommandLine(argv, { cpus: 2 });
  assert.equal(result.action, 'run');
  return (result as { config: RunConfig }).config;
}

const LIMITS = [
  'Limit                     Soft Limit           Hard Limit           Units     ',
  'Max cpu time              unlimited            unlimited            seconds   ',
  'Max open files            20000                20000                files     ',
  '',
].join('\n');

function proc(files: Record<string, string>): (path: string) => string | undefined {
  return (path) => files[path];
}

describe('rampFeasibility', () => {
  it('refuses a ramp-up longer than -T (case 55)', async () => {
    assert.deepEqual(rampFeasibility(await config('-c', '100k', '-T1s', '-l127.0.0.1:1', '127.0.0.1:1')), {
      error: [
        '100000 connections can not be opened at a rate 100 within test duration 1.',
        'Decrease --connections=100000, or increase --duration=1 or --connect-rate=100.',
      ],
    });
  });
  it('warns when the ramp-up takes more than a tenth of -T', async () => {
    assert.deepEqual(rampFeasibility(await config('-c', '20', '--connect-rate', '10', '-T3s', 'h:1')), {
      warning: [
        'WARNING: 20 connections might not be opened at a rate 10 within test duration 3.',
        'Decrease --connections=20, or increase --duration=3 or --connect-rate=10.',
      ],
    });
  });
  it('is quiet otherwise', async () => {
    assert.deepEqual(rampFeasibility(await config('-c', '10', 'h:1')), {});
    assert.deepEqual(rampFeasibility(await config('-c', '100k', '-l1')), {});
    assert.deepEqual(rampFeasibility(await config('-c', '100k', '-T', '-1', 'h:1')), {});
  });
});

describe('systemLimitWarnings', () => {
  const files = {
    '/proc/self/limits': LIMITS,
    '/proc/sys/net/ipv4/ip_local_port_range': '32768\t60999\n',
    '/proc/sys/net/ipv4/tcp_tw_reuse': '2\n',
  };
  it('prints case-55 warnings in order', async () => {
    const c = await config('-c', '100k', '-T1s', '-l127.0.0.1:1', '127.0.0.1:1');
    assert.deepEqual(systemLimitWarnings(c, proc(files)), [
      'WARNING: System-wide open files limit 20000 is too low for the expected scale (-c 100000).',
      'WARNING: Open files limit (`ulimit -n`) 20000 is too low for the expected scale (-c 100000).',
      'WARNING: Will not be able to open 100000 simultaneous connections since "/proc/sys/net/ipv4/ip_local_port_range" specifies too narrow range [32768..60999].',
      'WARNING: Not reusing TIME_WAIT sockets, might not open 100000 simultaneous connections. Adjust "/proc/sys/net/ipv4/tcp_tw_reuse" value.',
    ]);
  });
  it('warns about TIME_WAIT reuse above 100 connections only', async () => {
    assert.deepEqual(systemLimitWarnings(await config('-c', '100', 'h:1'), proc(files)), []);
    assert.deepEqual(systemLimitWarnings(await config('-c', '101', 'h:1'), proc(files)), [
      'WARNING: Not reusing TIME_WAIT sockets, might not open 101 simultaneous connections. Adjust "/proc/sys/net/ipv4/tcp_tw_reuse" value.',
    ]);
    const reuse = { ...files, '/proc/sys/net/ipv4/tcp_tw_reuse': '1\n' };
    assert.deepEqual(systemLimitWarnings(await config('-c', '101', 'h:1'), proc(reuse)), []);
  });
  it('separates the soft limit from the hard one', async () => {
    const soft = {
      '/proc/self/limits': 'Max open files            1024                 unlimited            files\n',
    };
    assert.deepEqual(systemLimitWarnings(await config('-c', '2000', '-l1'), proc(soft)), [
      'WARNING: Open files limit (`ulimit -n`) 1024 is too low for the expected scale (-c 2000).',
    ]);
  });
  it('skips what it cannot read', async () => {
    assert.deepEqual(
      systemLimitWarnings(await config('-c', '100k', 'h:1'), () => undefined),
      [],
    );
  });
  it('reads the real /proc by default', async () => {
    assert.ok(Array.isArray(systemLimitWarnings(await config('h:1'))));
  });
});
