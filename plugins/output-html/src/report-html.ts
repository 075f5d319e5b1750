import type { RunResult } from 'kali';
import type { ChartSpec } from './chart-spec.js';
import { escapeHtml, inlineScript, inlineStyle, jsonForScript } from './escape-html.js';
import { htmlFacts } from './html-table.js';
import { metricsTables } from './metrics-table.js';
import { type PageAssets, readPageAssets } from './page-assets.js';
import { type DecodeHistogram, decodeHistograms, reportCharts } from './report-charts.js';
import { configHighlights, runFacts, trafficFacts } from './run-facts.js';
import { thresholdsTable } from './thresholds-table.js';

/**
 * Nothing on the page may come from elsewhere: the policy makes a browser refuse any fetch, so
 * a report that opens offline today cannot start depending on the network unnoticed.
 */
const POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/**
 * The whole report: one HTML file holding its tables, its chart data, uPlot and the page's
 * script and style. Throws (naming the metric) when a histogram does not decode.
 */
export function renderReport(
  result: RunResult,
  decode: DecodeHistogram,
  assets: PageAssets = readPageAssets(),
): string {
  const views = decodeHistograms(result, decode);
  const charts = reportCharts(result, views);
  const command = `kali ${result.command.line}`;
  const spectra = charts.filter((c) => c.kind === 'spectrum');
  const timelines = charts.filter((c) => c.kind === 'timeline');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kali ${escapeHtml(result.kali.version)}">
<title>kali report: ${escapeHtml(command)}</title>
<style>${inlineStyle(assets.chartStyle)}</style>
<style>${inlineStyle(assets.pageStyle)}</style>
</head>
<body>
<header>
<h1>kali report <span class="status ${statusClass(result)}">${escapeHtml(statusText(result))}</span></h1>
<pre class="command"><code>${escapeHtml(command)}</code></pre>
</header>
<main>
<section id="run">
<h2>Run</h2>
${htmlFacts(runFacts(result))}
</section>
<section id="configuration">
<h2>Configuration</h2>
${htmlFacts(configHighlights(result.config))}
<details><summary>Every option</summary>
<pre class="config">${escapeHtml(JSON.stringify(result.config, null, 2))}</pre>
</details>
</section>
<section id="thresholds">
<h2>Thresholds</h2>
${thresholdsTable(result.thresholds)}
</section>
<section id="traffic">
<h2>Traffic <small>steady phase</small></h2>
${htmlFacts(trafficFacts(result))}
</section>
<section id="metrics">
<h2>Metrics <small>latency in milliseconds</small></h2>
${metricsTables(result, views)}
</section>
<section id="spectra">
<h2>Latency by percentile</h2>
${spectra.length > 0 ? chartBoxes(spectra) : '<p class="none">No latency samples were recorded.</p>'}
</section>
<section id="timelines">
<h2>Over time</h2>
${timelines.length > 0 ? chartBoxes(timelines) : '<p class="none">This result has no interval records.</p>'}
</section>
</main>
<script type="application/json" id="report-charts">${jsonForScript(charts)}</script>
<script>${inlineScript(assets.chartScript)}</script>
<script>${inlineScript(assets.pageScript)}</script>
</body>
</html>
`;
}

function chartBoxes(charts: readonly ChartSpec[]): string {
  return charts
    .map(
      (c) =>
        `<figure class="chart-box"><figcaption>${escapeHtml(c.title)}</figcaption><div class="chart" id="${escapeHtml(c.id)}"></div></figure>`,
    )
    .join('\n');
}

function statusText(result: RunResult): string {
  const exit = result.exitStatus === null ? '' : `, exit ${result.exitStatus}`;
  return `${result.status}${exit}`;
}

function statusClass(result: RunResult): string {
  if (result.exitStatus === null) return 'running';
  return result.exitStatus === 0 ? 'ok' : 'failed';
}
