import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The code and style the page carries inline, so that it opens without a network. */
export interface PageAssets {
  chartScript: string;
  chartStyle: string;
  pageScript: string;
  pageStyle: string;
}

const require = createRequire(import.meta.url);

/**
 * uPlot as npm installed it, and the page's own script and style (in page/, beside src/ and
 * dist/), read when a report is written rather than when the plugin loads: every run imports
 * every output plugin, and most never write a report.
 */
export function readPageAssets(): PageAssets {
  return {
    chartScript: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    chartStyle: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    pageScript: readFileSync(new URL('../page/report-page.js', import.meta.url), 'utf8'),
    pageStyle: readFileSync(new URL('../page/report-page.css', import.meta.url), 'utf8'),
  };
}
