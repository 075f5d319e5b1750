import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeServer, freePort, holdPort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, type KaliRun, runKali } from '../helpers/run-kali.js';

/** Why IPv6 loopback cannot be used here, or undefined when it can. */
async function noLoopback6(): Promise<string | undefined> {
  try {
    await closeServer(await holdPort('::1'));
    return undefined;
  } catch (err) {
    return `this machine cannot bind [::1] (${(err as Error).message})`;
  }
}
const no6 = await noLoopback6();

function refused(run: KaliRun, code: number, line: string): void {
  assert.equal(run.code, code, explain(run));
  assert.ok(!hasStackTrace(run.stderr), explain(run));
  assert.deepEqual(errorLines(run.stderr), [line], explain(run));
}

describe('addresses that cannot work', { timeout: 60_000 }, () => {
  it('--source-ip of the other family than the destination is refused, not ignored', {
    skip: no6,
  }, async () => {
    const port = await freePort();
    const run = await runKali(['--source-ip', '::1', '-T1s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`], {
      timeoutMs: 15_000,
    });
    refused(run, 64, `--source-ip ::1: no IPv4 address to bind for destination 127.0.0.1:${port}`);
  });

  it('...also when only one of several destinations lacks a source of its family', {
    skip: no6,
  }, async () => {
    const port = await freePort();
    const run = await runKali(
      ['--source-ip', '127.0.0.1', '-T1s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`],
      { timeoutMs: 15_000 },
    );
    refused(run, 64, `--source-ip 127.0.0.1: no IPv6 address to bind for destination [::1]:${port}`);
  });

  it('--source-ip of the right family still runs (case-80)', async () => {
    const port = await freePort();
    const run = await runKali(
      ['--source-ip', '127.0.0.1', '-T0.5s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
      {
        timeoutMs: 15_000,
      },
    );
    assert.equal(run.code, 0, explain(run));
    assert.ok(run.stderr.includes('Source IP: [127.0.0.1]:0'), explain(run));
  });

  it('a destination with a second colon: the port is not a number, no advice about brackets', async () => {
    const port = await freePort();
    const run = await runKali(['-T1s', `-l127.0.0.1:${port}`, `127.0.0.1:${port}:x`], { timeoutMs: 15_000 });
    refused(run, 64, `Port ${port}:x in 127.0.0.1:${port}:x is not a number in [1..65535]`);
  });
});
