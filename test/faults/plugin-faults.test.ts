import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.js';
import { linkPlugin } from '../helpers/private-plugins.js';
import { errorLines, explain, parseReport, runKali } from '../helpers/run-kali.js';
import { startEchoPeer } from './helpers/echo-peer.js';

const FAULT_PLUGIN = fileURLToPath(new URL('./fixtures/fault-plugin', import.meta.url));

/**
 * A plugin that throws or rejects in any hook, or a worker thread that exits, fails the run with
 * one line that names the culprit and status 1; once the load has started, the report of what
 * was measured still comes first. Never a stack trace (run-kali checks every run for one).
 */
describe('a failing plugin or worker fails the run cleanly', { timeout: 180_000 }, () => {
  let env: Record<string, string>;
  before(async () => {
    env = await linkPlugin(FAULT_PLUGIN);
  });

  /** The fixture's own options say where it throws: `--mfault-hook onOpen`, `--ofault-hook close`. */
  const run = async (option: string, hook: string) => {
    const port = await freePort();
    return runKali(['-T2s', '-c2', '-m', 'hello', option, hook, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`], {
      timeoutMs: 20_000,
      env,
    });
  };

  const measurementHooks: [hook: string, line: RegExp][] = [
    ['create', /^plugin kali-fault-plugin \(measurement "mfault"\): TypeError: mfault broke in create$/],
    ['attach', /^plugin kali-fault-plugin \(measurement "mfault"\): TypeError: mfault broke in attach$/],
    ['onOpen', /^plugin kali-fault-plugin \(measurement "mfault"\): TypeError: mfault broke in onOpen$/],
    ['onSend', /^plugin kali-fault-plugin \(measurement "mfault"\): TypeError: mfault broke in onSend$/],
    ['onData', /^plugin kali-fault-plugin \(measurement "mfault"\): TypeError: mfault broke in onData$/],
    ['onClose', /^plugin kali-fault-plugin \(measurement "mfault"\): TypeError: mfault broke in onClose$/],
    ['onStop', /^plugin kali-fault-plugin \(measurement "mfault"\): TypeError: mfault broke in onStop$/],
    [
      'async',
      /^plugin kali-fault-plugin \(measurement "mfault"\): RangeError: mfault rejected asynchronously$/,
    ],
    ['exit', /^worker \d: exited unexpectedly$/],
  ];
  for (const [hook, line] of measurementHooks) {
    it(`measurement hook ${hook}`, { timeout: 25_000 }, async () => {
      const r = await run('--mfault-hook', hook);
      assert.equal(r.code, 1, explain(r));
      const errors = errorLines(r.stderr);
      assert.equal(errors.length, 1, explain(r));
      assert.match(errors[0], line, explain(r));
      // create() runs before anything is measured: like a failed bind, no report.
      if (hook === 'create') assert.equal(r.stdout, '', explain(r));
      else parseReport(r.stdout);
    });
  }

  it('measurement hook enabled, asked while plugins are chosen: one line, no report', async () => {
    const r = await run('--mfault-hook', 'enabled');
    assert.equal(r.code, 1, explain(r));
    assert.deepEqual(
      errorLines(r.stderr),
      ['mfault measurement: enabled() threw TypeError: mfault broke in enabled'],
      explain(r),
    );
    assert.equal(r.stdout, '', explain(r));
  });

  for (const hook of ['create', 'onEvent', 'onStats', 'onReport', 'close']) {
    it(`output hook ${hook}`, { timeout: 25_000 }, async () => {
      const r = await run('--ofault-hook', hook);
      assert.equal(r.code, 1, explain(r));
      assert.deepEqual(
        errorLines(r.stderr),
        [`ofault output: ${hook}() threw ofault broke in ${hook}`],
        explain(r),
      );
      // The console output is independent of the broken one and still reports.
      if (hook === 'create') assert.equal(r.stdout, '', explain(r));
      else parseReport(r.stdout);
    });
  }

  /** The fixture's protocol (`pfault://`) against a peer that echoes its requests back. */
  const protocolRun = async (hook: string, ...extra: string[]) => {
    const peer = await startEchoPeer();
    try {
      return await runKali(
        [
          '-T2s',
          '-c2',
          '-r10',
          '-m',
          'ping\\n',
          ...extra,
          '--pfault-hook',
          hook,
          `pfault://127.0.0.1:${peer.port}`,
        ],
        { timeoutMs: 20_000, env },
      );
    } finally {
      await peer.close();
    }
  };
  const protocolLine = (hook: string) =>
    `plugin kali-fault-plugin (protocol "pfault"): TypeError: pfault broke in ${hook}`;

  it('protocol: the fixture works when nothing throws', { timeout: 25_000 }, async () => {
    const r = await protocolRun('none');
    assert.equal(r.code, 0, explain(r));
    assert.deepEqual(errorLines(r.stderr), [], explain(r));
    assert.ok(parseReport(r.stdout).bytesRcvd > 0, explain(r));
  });

  it('protocol hook check (main thread, before the run): one line naming the plugin, no report', {
    timeout: 25_000,
  }, async () => {
    const r = await protocolRun('check');
    assert.equal(r.code, 1, explain(r));
    // Before, the line was "kali: pfault broke in check", naming no plugin.
    assert.deepEqual(
      errorLines(r.stderr),
      ['pfault protocol: check() threw TypeError: pfault broke in check'],
      explain(r),
    );
    assert.equal(r.stdout, '', explain(r));
  });

  for (const [hook, extra] of [
    ['create', []],
    ['attach', []],
    ['onData', []],
    // Connections that live 0.3 s close, and their onClose runs, while the run goes on.
    ['onClose', ['--channel-lifetime', '0.3']],
  ] as const) {
    it(`protocol hook ${hook}`, { timeout: 25_000 }, async () => {
      const r = await protocolRun(hook, ...extra);
      assert.equal(r.code, 1, explain(r));
      assert.deepEqual(errorLines(r.stderr), [protocolLine(hook)], explain(r));
      if (hook === 'create') assert.equal(r.stdout, '', explain(r));
      else parseReport(r.stdout);
    });
  }

  // A socket's 'close' comes some turns after stop() destroys it; the worker waits for every
  // connection's onClose before it returns its figures, so a throw there is not lost.
  it('protocol hook onClose as the run stops fails the run too', { timeout: 25_000 }, async () => {
    const r = await protocolRun('onClose');
    assert.equal(r.code, 1, explain(r));
    assert.deepEqual(errorLines(r.stderr), [protocolLine('onClose')], explain(r));
  });

  it('a worker that dies mid-run still counts in the report, with what it last reported', {
    timeout: 25_000,
  }, async () => {
    // One client worker sending 1,000 bytes a second to a peer that counts them; it dies 1.2 s
    // after its connection opened, having reported its figures every 250 ms.
    const peer = await startEchoPeer();
    try {
      const r = await runKali(
        [
          '-T3s',
          '-c1',
          '-r200',
          '-m',
          'hello',
          '--mfault-hook',
          'exit',
          '--mfault-exit-ms',
          '1200',
          `127.0.0.1:${peer.port}`,
        ],
        { timeoutMs: 20_000, env },
      );
      assert.equal(r.code, 1, explain(r));
      assert.deepEqual(errorLines(r.stderr), ['worker 0: exited unexpectedly'], explain(r));
      const { bytesSent, bytesRcvd } = parseReport(r.stdout);
      // Before the fix the dead worker's figures were dropped: 0 bytes sent.
      assert.ok(bytesSent >= 500, `${bytesSent} bytes sent, the peer got ${peer.received}\n${explain(r)}`);
      assert.ok(bytesSent <= peer.received, `${bytesSent} > ${peer.received}\n${explain(r)}`);
      assert.ok(bytesRcvd > 0 && bytesRcvd <= bytesSent, explain(r));
    } finally {
      await peer.close();
    }
  });
});
