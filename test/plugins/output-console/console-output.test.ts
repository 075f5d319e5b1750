import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutputContext, RunConfig } from 'kali';
import { type ConsoleDeps, createConsoleOutput } from '../../../plugins/output-console/src/console-output.js';
import factory from '../../../plugins/output-console/src/index.js';
import type { TerminalFacts } from '../../../plugins/output-console/src/terminal-facts.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { conns, live, report } from './fixtures.js';

type Stream = 'stdout' | 'stderr';

function context(interactive: boolean, latency: Partial<RunConfig['latency']> = {}): OutputContext {
  const config = {
    destinations: [],
    latency: {
      connect: false,
      firstByte: false,
      markerSkip: 0,
      percentiles: [],
      messageMarker: false,
      ...latency,
    },
  } as unknown as RunConfig;
  return {
    config,
    options: {},
    interactive,
    log: () => {},
    histogram: () => undefined,
    text: { write: () => {} },
    result: () => {
      throw new Error('the console does not read the result document');
    },
  };
}

const xterm: TerminalFacts = { canDraw: true, escapes: true, clock: true, columns: 80 };
const dumb: TerminalFacts = { canDraw: true, escapes: false, clock: true, columns: 80 };

/** Records every write in order, and the exit hooks the output registers. */
function recorder(facts: TerminalFacts) {
  const writes: [Stream, string][] = [];
  const exitHooks = new Set<() => void>();
  const deps: ConsoleDeps = {
    facts,
    writer: {
      stdout: (text) => writes.push(['stdout', text]),
      stderr: (text) => writes.push(['stderr', text]),
    },
    onExit(restore) {
      exitHooks.add(restore);
      return () => exitHooks.delete(restore);
    },
  };
  const merged = () => writes.map(([, text]) => text).join('');
  return { writes, exitHooks, deps, merged };
}

const SUMMARY =
  'Total data sent:     0 bytes (0 bytes)\n' +
  'Total data received: 0 bytes (0 bytes)\n' +
  'Bandwidth per channel: 0.000⇅ Mbps (0.0 kBps)\n' +
  'Aggregate bandwidth: 0.000↓, 0.000↑ Mbps\n' +
  'Packet rate estimate: 0.0↓, 0.0↑ (0↓, 0↑ TCP MSS/op)\n' +
  'Test duration: 3.00722 s.\n';

const rampFrame = live({ phase: 'ramp-up', conns: conns(), duration: 3 });
const steady = (at: number) => live({ phase: 'steady', steadyElapsed: at, elapsed: at + 0.01, duration: 3 });

describe('console output on an xterm', () => {
  it('draws the case-101 sequence: hidden cursor, ribbon, clock lines, clear, summary, cursor back', async () => {
    const rec = recorder(xterm);
    const out = createConsoleOutput(context(true), rec.deps);
    out.onEvent?.({ type: 'ramp-up-started', target: 1 });
    out.onStats?.(rampFrame);
    out.onEvent?.({ type: 'ramped-up', connections: 1 });
    out.onStats?.(steady(0.1));
    out.onStats?.(steady(0.3));
    await out.onReport?.(report({ duration: 3.00722 }));
    await out.close?.({ exitCode: 0 });
    assert.deepEqual(rec.writes, [
      ['stdout', '\x1b[?25l'],
      ['stderr', '|>----------------------------------------------| 0 of 1 (0)\x1b[K\r'],
      ['stderr', '🕛  Traffic 0.000↓, 0.000↑ Mbps (conns 1↓ 1↑ 0⇡; seen 2)\x1b[K\r'],
      ['stderr', '🕐  Traffic 0.000↓, 0.000↑ Mbps (conns 1↓ 1↑ 0⇡; seen 2)\x1b[K\r'],
      ['stderr', '\x1b[K'],
      ['stdout', SUMMARY],
      ['stdout', '\x1b[?12l\x1b[?25h'],
    ]);
    assert.equal(rec.exitHooks.size, 0, 'exit hook removed after the cursor came back');
  });

  it('hides the cursor on the first stats call when no ramp-up event came', () => {
    const rec = recorder(xterm);
    const out = createConsoleOutput(context(true), rec.deps);
    out.onStats?.(steady(0));
    assert.deepEqual(rec.writes[0], ['stdout', '\x1b[?25l']);
    assert.equal(rec.writes.filter(([, t]) => t === '\x1b[?25l').length, 1);
    out.onStats?.(steady(0.25));
    assert.equal(rec.writes.filter(([, t]) => t === '\x1b[?25l').length, 1);
  });

  it('restores the cursor from the exit hook if the process dies before close()', () => {
    const rec = recorder(xterm);
    const out = createConsoleOutput(context(true), rec.deps);
    out.onEvent?.({ type: 'ramp-up-started', target: 1 });
    assert.equal(rec.exitHooks.size, 1);
    for (const hook of rec.exitHooks) hook();
    assert.equal(rec.merged(), '\x1b[?25l\x1b[?12l\x1b[?25h');
    out.close?.({ exitCode: 1 });
    assert.equal(rec.merged(), '\x1b[?25l\x1b[?12l\x1b[?25h', 'not restored twice');
  });

  it('shows the latency part for measurements the configuration turns on, before any sample', () => {
    const rec = recorder(xterm);
    const out = createConsoleOutput(context(true, { connect: true }), rec.deps);
    out.onStats?.(steady(0));
    assert.equal(rec.writes[1][1], '🕛  Traffic 0.000↓, 0.000↑ Mbps (1↓ 1↑ 0⇡; 2) (c=? ms⁹⁵ᵖ)\x1b[K\r');
  });

  it('adds message latency whenever message markers are in use', () => {
    const rec = recorder({ ...xterm, clock: false });
    const out = createConsoleOutput(context(true, { messageMarker: true }), rec.deps);
    out.onStats?.(live({ messageMarkers: true, rateMsgsIn: 9.5, rateMsgsOut: 10.5 }));
    // %.0f rounds the exact ties 9.5 and 10.5 to even, as printf does.
    assert.equal(
      rec.writes[1][1],
      'Traffic 0.000↓, 0.000↑ Mbps (1↓ 1↑ 0⇡; 2) (10↓ 10↑ mps) (m=? ms⁹⁵ᵖ)\x1b[K\r',
    );
  });

  it('shows message rates, but no message latency, for a protocol run', () => {
    const rec = recorder({ ...xterm, clock: false });
    const out = createConsoleOutput(context(true), rec.deps);
    out.onStats?.(live({ messageMarkers: true, rateMsgsIn: 12, rateMsgsOut: 12 }));
    assert.equal(
      rec.writes[1][1],
      'Traffic 0.000↓, 0.000↑ Mbps (conns 1↓ 1↑ 0⇡; seen 2) (12↓ 12↑ mps)\x1b[K\r',
    );
  });

  it('stops drawing once the summary is out', async () => {
    const rec = recorder(xterm);
    const out = createConsoleOutput(context(true), rec.deps);
    out.onStats?.(steady(0));
    await out.onReport?.(report({ duration: 3.00722 }));
    const count = rec.writes.length;
    out.onStats?.(steady(2.9));
    assert.equal(rec.writes.length, count);
  });

  it('clears the line and restores the cursor when closing after a failed run', async () => {
    const rec = recorder(xterm);
    const out = createConsoleOutput(context(true), rec.deps);
    out.onEvent?.({ type: 'ramp-up-started', target: 40 });
    out.onStats?.(rampFrame);
    await out.close?.({ exitCode: 1 });
    await out.close?.({ exitCode: 1 });
    assert.deepEqual(rec.writes.slice(2), [
      ['stderr', '\x1b[K'],
      ['stdout', '\x1b[?12l\x1b[?25h'],
    ]);
  });
});

describe('console output on TERM=dumb (case-108)', () => {
  it('uses carriage returns only: no cursor escapes, no clear-to-EOL', async () => {
    const rec = recorder(dumb);
    const out = createConsoleOutput(context(true), rec.deps);
    out.onEvent?.({ type: 'ramp-up-started', target: 1 });
    out.onStats?.(rampFrame);
    out.onStats?.(steady(0.3));
    await out.onReport?.(report({ duration: 3.00722 }));
    await out.close?.({ exitCode: 0 });
    assert.equal(
      rec.merged(),
      '|>----------------------------------------------| 0 of 1 (0)\r' +
        '🕐  Traffic 0.000↓, 0.000↑ Mbps (conns 1↓ 1↑ 0⇡; seen 2)\r' +
        SUMMARY,
    );
    assert.ok(!rec.merged().includes('\x1b'));
    assert.equal(rec.exitHooks.size, 0);
  });

  it('keeps the last line and moves below it when closing without a summary', async () => {
    const rec = recorder(dumb);
    const out = createConsoleOutput(context(true), rec.deps);
    out.onStats?.(steady(0));
    await out.close?.({ exitCode: 64 });
    assert.equal(rec.merged(), '🕛  Traffic 0.000↓, 0.000↑ Mbps (conns 1↓ 1↑ 0⇡; seen 2)\r\n');
  });
});

describe('console output without a terminal', () => {
  it('prints only the summary when stdout is not a tty', async () => {
    const rec = recorder(xterm);
    const out = createConsoleOutput(context(false), rec.deps);
    out.onEvent?.({ type: 'ramp-up-started', target: 1 });
    out.onStats?.(rampFrame);
    out.onStats?.(steady(1));
    await out.onReport?.(report({ duration: 3.00722 }));
    await out.close?.({ exitCode: 0 });
    assert.deepEqual(rec.writes, [['stdout', SUMMARY]]);
  });

  it('draws nothing on a tty without TERM (terminfo would fail)', async () => {
    const rec = recorder({ canDraw: false, escapes: false, clock: true, columns: 80 });
    const out = createConsoleOutput(context(true), rec.deps);
    out.onEvent?.({ type: 'ramp-up-started', target: 1 });
    out.onStats?.(steady(1));
    await out.close?.({ exitCode: 0 });
    assert.deepEqual(rec.writes, []);
  });
});

describe('plugin factory', () => {
  it('describes an always-enabled output named console', () => {
    const plugin = factory(kaliApi);
    assert.equal(plugin.kind, 'output');
    assert.equal(plugin.name, 'console');
    assert.equal(plugin.enabled?.(context(false)), true);
    assert.equal(typeof plugin.create, 'function');
  });
});
