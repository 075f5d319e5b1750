import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FinalReport, KaliApi, OutputContext } from 'kali';
import factory from '../src/index.js';

/** What kali hands the factory; its error() makes the one-line error kali prints. */
const kali: KaliApi = {
  apiVersion: '__KALI_API_VERSION__',
  exit: { FAILED: 1, USAGE: 64, DATA: 65, NO_HOST: 68, UNAVAILABLE: 69 },
  error: (message, exitCode = 1) => Object.assign(new Error(message), { exitCode }),
  describeError: (err) => (err instanceof Error ? err.message : String(err)),
  decodeHistogram: () => {
    throw new Error('not needed by these tests');
  },
  handOver: () => {},
  handedOver: () => undefined,
};

/** A context like kali's, with `label` as the option's value; logged lines land in `logged`. */
function context(label: string) {
  const logged: string[] = [];
  const ctx: OutputContext = {
    config: {} as OutputContext['config'],
    options: { '__PLUGIN_NAME__-label': label },
    log: (line) => logged.push(line),
    interactive: false,
    histogram: () => undefined,
    text: { write: () => {} },
    result: () => {
      throw new Error('not needed by these tests');
    },
  };
  return { ctx, logged };
}

test('declares itself, off unless named with --output', () => {
  const plugin = factory(kali);
  assert.equal(plugin.kind, 'output');
  assert.equal(plugin.name, '__PLUGIN_NAME__');
  assert.equal(plugin.enabled?.(context('x').ctx), false);
  assert.deepEqual(
    plugin.options?.map((o) => o.name),
    ['__PLUGIN_NAME__-label'],
  );
});

test('prints one line when the run ends', async () => {
  const { ctx, logged } = context('summary');
  const output = await factory(kali).create(ctx);
  // Only what this output reads; kali's report has more.
  const report = {
    duration: 2,
    openConnections: 4,
    traffic: { bytesRcvd: 1_000_000, bytesSent: 500_000 },
  } as unknown as FinalReport;
  await output.onReport?.(report);
  assert.deepEqual(logged, ['summary: 4.000 Mbps in, 2.000 Mbps out, 4 connections, 2.0 s']);
});

test('refuses an empty label with a usage error', () => {
  assert.throws(() => factory(kali).create(context(' ').ctx), {
    message: /--__PLUGIN_NAME__-label/,
    exitCode: 64,
  });
});
