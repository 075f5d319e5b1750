import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as unbundled from '../../src/host/fast-load.js';

const dist = new URL('../../dist/', import.meta.url);
const bundlePath = fileURLToPath(new URL('host/fast-load.bundle.js', dist));

/** The test command builds first (npm test runs `npm run build`), so the bundle is there. */
describe('the bundled load path (dist/host/fast-load.bundle.js)', () => {
  it('is built, and newer than the compiled modules it was made from', () => {
    assert.ok(existsSync(bundlePath), 'npm run build writes it');
    const built = statSync(fileURLToPath(new URL('.tsbuildinfo', dist))).mtimeMs;
    assert.ok(statSync(bundlePath).mtimeMs >= built);
  });

  it('offers what host/fast-load.ts exports, and inlines every module of kali', async () => {
    const bundled = await import(bundlePath);
    assert.deepEqual(Object.keys(bundled).sort(), Object.keys(unbundled).sort());
    const text = readFileSync(bundlePath, 'utf8');
    // A relative import left in would load a second copy of that module beside the bundle's.
    assert.doesNotMatch(text, /from\s+["']\.{1,2}\//);
    assert.doesNotMatch(text, /import\(["']\.{1,2}\//);
  });

  it('starts worker threads from a file that exists, seen from the bundle', () => {
    const text = readFileSync(bundlePath, 'utf8');
    const paths = [...text.matchAll(/new URL\(["']([^"']+)["'], import\.meta\.url\)/g)].map((m) => m[1]);
    assert.ok(paths.length > 0);
    for (const path of paths) {
      assert.ok(existsSync(new URL(path ?? '', new URL('host/', dist))), `${path} from dist/host/`);
    }
  });
});
