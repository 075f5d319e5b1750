import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromiumBinary, renderedDom, startTags } from '../helpers/chromium.js';
import { type DelayEchoServer, startDelayEchoServer } from '../helpers/delay-echo-server.js';
import { freePort } from '../helpers/free-port.js';
import { explain, runKali } from '../helpers/run-kali.js';
import { fixtureResult } from '../plugins/output-html/fixture-result.js';

/**
 * The HTML report as a browser shows it: headless Chromium runs the page's scripts and dumps the
 * DOM, and every chart must have left what it drew on its container. A machine without
 * Chromium fails here (bash .ci/install-peers.sh installs it): a skipped test would let a page
 * that draws nothing pass.
 */

interface Rendered {
  body: Record<string, string>;
  charts: Record<string, string>[];
}

async function render(file: string): Promise<Rendered> {
  const dom = await renderedDom(file);
  const [body] = startTags(dom, 'body');
  assert.ok(body, `no body in the dumped DOM:\n${dom.slice(0, 2000)}`);
  const charts = startTags(dom, 'div').filter((a) => (a.class ?? '').split(/\s+/).includes('chart'));
  return { body, charts };
}

/** No script error, every chart drew points and lines, and the page counted them all. */
function assertDrawn(page: Rendered, expected: readonly string[]): void {
  assert.equal(page.body['data-error'], undefined, `the page failed: ${page.body['data-error']}`);
  assert.equal(page.body['data-injected'], undefined, 'the -m message ran as a script');
  assert.deepEqual(
    page.charts.map((c) => c.id),
    expected,
  );
  for (const c of page.charts) {
    assert.ok(Number(c['data-points']) > 0, `chart ${c.id} drew no point: ${JSON.stringify(c)}`);
    assert.ok(Number(c['data-series']) > 0, `chart ${c.id} drew no line: ${JSON.stringify(c)}`);
  }
  assert.equal(page.body['data-rendered'], String(expected.length));
}

describe('the HTML report in a browser', { timeout: 180_000 }, () => {
  let dir: string;
  before(() => {
    chromiumBinary();
    dir = mkdtempSync(join(tmpdir(), 'kali-report-e2e-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('draws every chart of a report made by kali report from a result document', async () => {
    const json = join(dir, 'fixture.json');
    const html = join(dir, 'fixture.html');
    writeFileSync(json, JSON.stringify(fixtureResult()));
    const run = await runKali(['report', json, '-o', html], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, explain(run));
    const page = await render(html);
    assertDrawn(page, [
      'spectrum-0',
      'spectrum-1',
      'timeline-bits',
      'timeline-messages',
      'timeline-latency',
      'timeline-connections',
    ]);
    // The message spectrum runs from 0% to one sample in 20,000: 20 points per decade.
    assert.equal(page.charts[1]['data-points'], '88');
    // p50 and p99 of both latency metrics.
    assert.equal(page.charts[4]['data-series'], '4');
  });

  describe('of a real run', () => {
    let echo: DelayEchoServer;
    before(async () => {
      echo = await startDelayEchoServer({ delaysMs: [1] });
    });
    after(async () => {
      await echo.close();
    });

    it('--report draws every chart of the run it watched', async () => {
      const html = join(dir, 'run.html');
      const run = await runKali(
        [
          '-T2s',
          '-c2',
          '-r50',
          '-em',
          'hello\\n',
          '--latency-marker',
          'hello',
          '--threshold',
          'message.p99<10s',
          `127.0.0.1:${echo.port}`,
          '--report',
          html,
        ],
        { timeoutMs: 60_000 },
      );
      assert.equal(run.code, 0, explain(run));
      assert.ok(existsSync(html), `no report\n${explain(run)}`);
      assert.match(readFileSync(html, 'utf8'), /<td class="passed">passed<\/td>/);
      const page = await render(html);
      assertDrawn(page, [
        'spectrum-0',
        'timeline-bits',
        'timeline-messages',
        'timeline-latency',
        'timeline-connections',
      ]);
    });

    it('a sink on a free port: -l and the destination in one kali', async () => {
      const port = await freePort();
      const html = join(dir, 'loopback.html');
      const run = await runKali(
        ['-T2s', '-c2', '-m', 'hello', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`, '--report', html],
        { timeoutMs: 60_000 },
      );
      assert.equal(run.code, 0, explain(run));
      const page = await render(html);
      assertDrawn(page, ['timeline-bits', 'timeline-messages', 'timeline-connections']);
      // Both ends of every connection are this kali's: outgoing and incoming lines.
      assert.equal(page.charts[2]['data-series'], '2');
    });
  });
});
