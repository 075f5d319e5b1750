import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CommandLine, parseCommandLine } from '../../../src/cli/parse-command-line.js';
import type { CompiledContent } from '../../../src/content/compile-content.js';
import { sidePlan } from '../../../src/engine/worker/side-plan.js';
import type { RunConfig } from '../../../src/interfaces/config.js';
import type { MessageTemplate } from '../../../src/interfaces/content.js';

const T = '127.0.0.1:24000';

/** The real parser builds the config, so the plan is checked against what users can type. */
async function config(...argv: string[]): Promise<RunConfig> {
  const result = await parseCommandLine([T, ...argv], { cpus: 2 });
  assert.equal(result.action, 'run');
  return (result as Extract<CommandLine, { action: 'run' }>).config;
}

const fixed = (text: string): MessageTemplate => ({ bytes: Buffer.from(text), maxLength: text.length });
const dynamic = (maxLength: number): MessageTemplate => ({ maxLength, bind: () => ({ render: () => 0 }) });

function content(message: MessageTemplate[], first: MessageTemplate[] = []): CompiledContent {
  return { first, message, header: [] };
}

const hello = content([fixed('hello')]);

describe('sidePlan', { timeout: 10_000 }, () => {
  it('sends in bulk, write-combined, from clients only by default', async () => {
    const c = await config('-m', 'hello');
    const client = sidePlan(c, hello, 'client');
    assert.equal(client.mode, 'bulk');
    assert.equal(client.sends, true);
    assert.equal(client.combine, true);
    assert.equal(client.readLimit, undefined);
    assert.equal(client.delaySendMs, 0);
    assert.equal(client.lifetimeMs, undefined);
    assert.equal(sidePlan(c, hello, 'server').sends, false);
  });

  it('lets an active listener send the same messages', async () => {
    const plan = sidePlan(await config('-m', 'hello', '--listen-mode=active'), hello, 'server');
    assert.equal(plan.sends, true);
    assert.equal(plan.payload?.bulk?.subarray(0, 5).toString(), 'hello');
  });

  it('sends nothing without content, even when active', async () => {
    const c = await config('--listen-mode=active');
    assert.equal(sidePlan(c, content([]), 'client').sends, false);
    assert.equal(sidePlan(c, content([]), 'server').sends, false);
  });

  it('sends when there is only a first message', async () => {
    const plan = sidePlan(await config('-1', 'hi'), content([], [fixed('hi')]), 'client');
    assert.equal(plan.hasFirst, true);
    assert.equal(plan.sends, true);
  });

  it('paces whole messages per second with -r, catching up on at most 2 s', async () => {
    const plan = sidePlan(await config('-m', 'hello', '-r', '1.5k'), hello, 'client');
    assert.equal(plan.mode, 'rate');
    assert.equal(plan.sendRate, 1500);
    assert.equal(plan.burstSeconds, 2);
  });

  it('paces bytes per second with --channel-bandwidth-upstream (bits on the command line)', async () => {
    const plan = sidePlan(
      await config('-m', 'hello', '--channel-bandwidth-upstream', '100kbps'),
      hello,
      'client',
    );
    assert.equal(plan.mode, 'bandwidth');
    assert.equal(plan.sendRate, 12_500);
  });

  it('limits reading with --channel-bandwidth-downstream, 0 meaning never read', async () => {
    const limited = sidePlan(await config('--channel-bandwidth-downstream', '8kBps'), hello, 'server');
    assert.equal(limited.readLimit, 8000);
    const never = sidePlan(await config('--channel-bandwidth-downstream', '0'), hello, 'client');
    assert.equal(never.readLimit, 0);
  });

  it('turns off write-combining with --write-combine=off', async () => {
    assert.equal(sidePlan(await config('-m', 'x', '--write-combine=off'), hello, 'client').combine, false);
  });

  it('converts --delay-send to milliseconds for both sides', async () => {
    const c = await config('-m', 'x', '--delay-send', '250ms');
    assert.equal(sidePlan(c, hello, 'client').delaySendMs, 250);
    assert.equal(sidePlan(c, hello, 'server').delaySendMs, 250);
  });

  it('closes only outgoing connections after --channel-lifetime', async () => {
    const c = await config('-m', 'x', '--channel-lifetime', '1.5');
    assert.equal(sidePlan(c, hello, 'client').lifetimeMs, 1500);
    assert.equal(sidePlan(c, hello, 'server').lifetimeMs, undefined);
  });

  it('pre-builds static content and binds dynamic content per connection', async () => {
    const c = await config('-m', 'x');
    const stat = sidePlan(c, content([fixed('ab'), fixed('cd')], [fixed('F')]), 'client');
    assert.ok(stat.payload);
    assert.equal(stat.dynamic, null);
    assert.equal(stat.payload.unitLength, 4);
    assert.equal(stat.payload.first?.toString(), 'F');

    const dyn = sidePlan(c, content([fixed('ab'), dynamic(7)], [dynamic(3)]), 'client');
    assert.equal(dyn.payload, null);
    assert.ok(dyn.dynamic);
    assert.equal(dyn.dynamic.unitMax, 9);
    assert.equal(dyn.dynamic.firstMax, 3);
    assert.equal(dyn.hasFirst, true);
    assert.equal(dyn.sends, true);
  });

  it('makes one dynamic part enough to render the whole unit', async () => {
    const plan = sidePlan(await config('-m', 'x'), content([dynamic(0)]), 'client');
    // A dynamic message that can only ever render nothing has nothing to send.
    assert.equal(plan.sends, false);
  });
});
