import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChartSpec } from '../../../plugins/output-html/src/chart-spec.js';
import { renderReport } from '../../../plugins/output-html/src/report-html.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { emptyHistogram, fixtureResult } from './fixture-result.js';

function charts(html: string): ChartSpec[] {
  const m = /<script type="application\/json" id="report-charts">(.*?)<\/script>/s.exec(html);
  assert.ok(m, 'no chart data');
  return JSON.parse(m[1]);
}

/** The text of a section, tags stripped, whitespace collapsed: what a reader sees of it. */
function sectionText(html: string, id: string): string {
  const m = new RegExp(`<section id="${id}">(.*?)</section>`, 's').exec(html);
  assert.ok(m, `no section ${id}`);
  return m[1]
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the report page', () => {
  const result = fixtureResult();
  const html = renderReport(result, kaliApi.decodeHistogram);

  it('is one file: no external script, style, image or link', () => {
    assert.doesNotMatch(html, /\s(src|href)\s*=/i);
    assert.doesNotMatch(html, /@import|url\(\s*['"]?(https?:)?\/\//i);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    // uPlot itself is inline.
    assert.match(html, /var uPlot=function\(\)/);
  });

  it('has a container for every chart it carries data for, and data for every container', () => {
    const ids = charts(html).map((c) => c.id);
    const boxes = [...html.matchAll(/<div class="chart" id="([^"]+)"><\/div>/g)].map((m) => m[1]);
    assert.deepEqual(boxes, ids);
    assert.deepEqual(ids, [
      'spectrum-0',
      'spectrum-1',
      'timeline-bits',
      'timeline-messages',
      'timeline-latency',
      'timeline-connections',
    ]);
  });

  it('carries a spectrum per latency metric, computed from its histogram', () => {
    const spectra = charts(html).filter((c) => c.kind === 'spectrum');
    assert.deepEqual(
      spectra.map((c) => c.series[0].label),
      ['connect', 'message'],
    );
    const message = spectra[1];
    assert.equal(message.unit, 'ms');
    assert.equal(message.x.length, message.series[0].values.length);
    const metric = result.metrics.message;
    assert.equal(metric.kind, 'latency');
    const view = kaliApi.decodeHistogram(metric.histogram);
    assert.equal(message.series[0].values.at(-1), view.maxUs / 1000);
    assert.equal(message.series[0].values[0], view.percentile(0) / 1000);
  });

  it('shows the run: command line, status, exit status, start and end', () => {
    assert.match(html, /<pre class="command"><code>kali -T10s -c20 -m /);
    const run = sectionText(html, 'run');
    assert.match(run, /status complete/);
    assert.match(run, /exit status 1/);
    assert.match(run, /start 2025-11-26T03:00:00.000Z/);
    assert.match(run, /end 2025-11-26T03:00:12.004Z/);
    assert.match(run, /duration 12.004 s \(steady phase 10.000 s\)/);
  });

  it('shows the configuration that shapes the load', () => {
    const config = sectionText(html, 'configuration');
    for (const text of [
      'destinations 127.0.0.1:9000',
      'connections 20',
      'duration 10 s',
      'message rate 100/s per connection',
    ])
      assert.ok(config.includes(text), `${text} not in: ${config}`);
  });

  it('gives each threshold its verdict', () => {
    const thresholds = sectionText(html, 'thresholds');
    assert.match(thresholds, /1 of 2 failed/);
    assert.match(thresholds, /message\.p99<5ms message\.p99 [\d.]+ ms < 5 ms passed/);
    assert.match(thresholds, /message\.p99\.9<1ms message\.p99\.9 [\d.]+ ms < 1 ms failed/);
    const passing = renderReport({ ...result, thresholds: [result.thresholds[0]] }, kaliApi.decodeHistogram);
    assert.match(sectionText(passing, 'thresholds'), /All 1 passed/);
  });

  it('tables every metric: latency summaries in ms, counters with their rate', () => {
    const metrics = sectionText(html, 'metrics');
    const m = result.metrics.message;
    assert.equal(m.kind, 'latency');
    const cells = [
      m.count.toLocaleString('en-US'),
      m.min,
      m.mean,
      ...['50', '90', '99', '99.9'].map((p) => m.percentiles[p]),
      m.max,
    ]
      .map((v) => (typeof v === 'number' ? v.toFixed(3) : v))
      .join(' ');
    assert.ok(metrics.includes(`message Message latency ${cells}`), `${cells} not in: ${metrics}`);
    assert.ok(metrics.includes('message.ok Replies 20,000 2,000.0'), metrics);
    assert.ok(metrics.includes('message.timeout Timed-out requests 0 0.0'), metrics);
  });

  it('names the metric whose histogram does not decode', () => {
    const broken = fixtureResult();
    const m = broken.metrics.message;
    assert.equal(m.kind, 'latency');
    m.histogram = 'not base64 at all';
    assert.throws(() => renderReport(broken, kaliApi.decodeHistogram), /^Error: metric message: /);
  });

  it('says so when there is nothing to chart', () => {
    const empty = fixtureResult();
    empty.intervals = [];
    for (const m of Object.values(empty.metrics)) if (m.kind === 'latency') m.histogram = emptyHistogram();
    const page = renderReport(empty, kaliApi.decodeHistogram);
    assert.deepEqual(charts(page), []);
    assert.match(sectionText(page, 'spectra'), /No latency samples were recorded/);
    assert.match(sectionText(page, 'timelines'), /no interval records/);
  });
});
