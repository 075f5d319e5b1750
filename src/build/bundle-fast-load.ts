import { build } from 'esbuild';

/**
 * Build step: dist/host/fast-load.js and the modules it imports, as one file (see host/fast-load.ts).
 * Packages stay outside (tinypool, hdr-histogram-js…: the same copies every other module uses);
 * plugins are imported at run time by their hrefs, never bundled.
 */
const dist = new URL('../', import.meta.url);
await build({
  entryPoints: [new URL('host/fast-load.js', dist).pathname],
  outfile: new URL('host/fast-load.bundle.js', dist).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
