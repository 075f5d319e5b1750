import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { explain, lines, parseReport, runKali, startKali } from '../helpers/run-kali.js';

const MESSAGE = 'rate-msg!\n';

describe('-r (message rate)', { timeout: 30_000 }, () => {
  it("-c100 -r100 sends 100 × 100 messages per second of kali's own test duration, ±2 %", async () => {
    const port = await freePort();
    const run = await runKali(
      [
        '-c100',
        '-r100',
        '-T3s',
        '--connect-rate',
        '10k',
        '-m',
        MESSAGE,
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
      ],
      { timeoutMs: 15_000 },
    );
    assert.equal(run.code, 0, explain(run));
    const { bytesSent, duration } = parseReport(run.stdout);
    assert.equal(bytesSent % MESSAGE.length, 0, `a partial message was counted\n${explain(run)}`);
    const messages = bytesSent / MESSAGE.length;
    // Each connection's bucket fills at 100 tokens/s and is emptied in whole messages on every
    // pacer tick. The immediate first message goes out at connect, during ramp-up, which the
    // report leaves out; the steady window then holds r × d tokens per connection, give or take
    // the fraction carried in at its start and the last tick's share (≤ 5 ms) at its end. So
    // c × r × d with at most ~1 message of slack per connection: 100 of 30,000, well inside 2 %.
    const expected = 100 * 100 * duration;
    const error = Math.abs(messages - expected) / expected;
    assert.ok(
      error <= 0.02,
      `${messages} messages in ${duration} s, expected ${expected.toFixed(0)} (${(error * 100).toFixed(2)} % off)\n${explain(run)}`,
    );
  });

  it('--write-combine=off writes exactly one message per write', async () => {
    const port = await freePort();
    const run = await runKali(
      [
        '--write-combine=off',
        '-r',
        '20',
        '-m',
        'X',
        '-T1s',
        '--dump-all-out',
        '--connect-rate',
        '10k',
      ].concat(`-l127.0.0.1:${port}`, `127.0.0.1:${port}`),
      { timeoutMs: 10_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.ok(lines(run.stderr).includes('NOTE: --write-combine=off presumes --nagle=off.'), explain(run));
    const snd = lines(run.stderr).filter((l) => l.startsWith('Snd('));
    // 20/s for ~1 s of steady state plus the one at connect.
    assert.ok(snd.length >= 15, `only ${snd.length} writes\n${explain(run)}`);
    for (const l of snd) assert.match(l, /^Snd\(\d+, 1\): \[X\]$/, explain(run));
  });

  it('at 1000/s combining puts several messages in a write, and --write-combine=off never does', async () => {
    const writes = async (combine: string[]) => {
      const port = await freePort();
      const run = await runKali(
        [
          ...combine,
          '-r',
          '1000',
          '-m',
          'X',
          '-T1s',
          '--dump-all-out',
          `-l127.0.0.1:${port}`,
          `127.0.0.1:${port}`,
        ],
        { timeoutMs: 10_000 },
      );
      assert.equal(run.code, 0, explain(run));
      return lines(run.stderr)
        .map((l) => /^Snd\(\d+, (\d+)\): /.exec(l)?.[1])
        .filter((n) => n !== undefined)
        .map(Number);
    };
    // Due messages pile up between 5 ms pacer ticks: about 5 per write when combined.
    const combined = await writes([]);
    assert.ok(
      combined.some((n) => n > 1),
      `no combined write: ${combined.slice(0, 20)}`,
    );
    const single = await writes(['--write-combine=off']);
    assert.ok(single.length >= 900, `only ${single.length} writes at 1000/s`);
    assert.ok(
      single.every((n) => n === 1),
      `multi-message writes: ${single.filter((n) => n !== 1)}`,
    );
  });

  it('--delay-send 1 holds the first write back about a second after ramp-up', async () => {
    const port = await freePort();
    const kali = startKali(
      ['--delay-send', '1', '-r10', '-m', 'Z', '-T2s', '--dump-all-out', '--connect-rate', '10k'].concat(
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
      ),
      { timeoutMs: 10_000 },
    );
    await kali.waitForStderr(/^Ramped up to 1 connections\.$/, 8_000);
    const rampedAt = performance.now();
    await kali.waitForStderr(/^Snd\(\d+, 1\): \[Z\]$/, 8_000);
    const delayMs = performance.now() - rampedAt;
    const run = await kali.done;
    assert.equal(run.code, 0, explain(run));
    // The delay starts at connect, a few ms before `Ramped up` is printed; pipes and a busy
    // machine add some more. Anything near a second proves the delay, 0 or 2 s would not.
    assert.ok(
      delayMs > 700 && delayMs < 1_700,
      `first Snd ${Math.round(delayMs)} ms after ramp-up\n${explain(run)}`,
    );
  });
});
