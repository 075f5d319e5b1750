import assert from 'node:assert/strict';
import { it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { explain, lines, parseReport, runKali } from '../helpers/run-kali.js';
import { jsonReport } from './helpers/json-report.js';

it('connections replaced until the end are never refused by the closing listener', {
  timeout: 30_000,
}, async () => {
  const port = await freePort();
  const json = jsonReport();
  try {
    // Every connection lives 50 ms and is replaced at once: thousands of reconnects per second
    // are in flight when -T ends, while the listener of the same process shuts down.
    const run = await runKali(
      [
        '-T3s',
        '-c200',
        '--connect-rate',
        '5000',
        '--channel-lifetime',
        '0.05',
        '-m',
        'hello',
        ...json.args,
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
      ],
      { timeoutMs: 25_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.doesNotMatch(run.stderr, /Connection attempts that failed/, explain(run));
    const { conns } = json.read();
    assert.equal(conns.failures, 0, explain(run));
    assert.ok(conns.initiated > 1000, `only ${conns.initiated} connections were made\n${explain(run)}`);
  } finally {
    json.remove();
  }
});

it('dumping every write does not starve ramp-up', { timeout: 20_000 }, async () => {
  const port = await freePort();
  const run = await runKali(
    ['-T1s', '-c2', '-m', 'hello', '--dump-all-out', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
    {
      timeoutMs: 15_000,
    },
  );
  assert.equal(run.code, 0, explain(run).slice(0, 4000));
  assert.ok(lines(run.stderr).includes('Ramped up to 2 connections.'), explain(run).slice(0, 4000));
  assert.match(run.stderr, /^Snd\(\d+, \d+\): \[hellohello/m);
  parseReport(run.stdout);
});

it("-vv prints every worker's exit block, every time", { timeout: 60_000 }, async () => {
  for (let i = 0; i < 5; i++) {
    const port = await freePort();
    const run = await runKali(
      ['-T0.3s', '-c3', '-w2', '-vv', '-m', 'hello', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
      {
        timeoutMs: 15_000,
      },
    );
    assert.equal(run.code, 0, explain(run));
    const blocks = lines(run.stderr).filter((l) => /^Exiting worker \d$/.test(l));
    assert.deepEqual(blocks.sort(), ['Exiting worker 0', 'Exiting worker 1'], explain(run));
  }
});
