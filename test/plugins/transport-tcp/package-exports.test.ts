import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * Layered transports outside this repository install @kali/transport-tcp from npm (issue 9), so
 * what the manifest promises has to be in the tarball. Needs a build (`npm run build`) first: the
 * exported files are the compiled ones.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../plugins/transport-tcp');

interface Manifest {
  private?: boolean;
  license?: string;
  types?: string;
  files?: string[];
  scripts?: Record<string, string>;
  exports: Record<string, { types: string; default: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

/** Whether npm's `files` keeps `path`: a listed directory or file covers it, a `!` entry drops it. */
function packed(path: string): boolean {
  const files = manifest.files ?? [];
  const covers = (entry: string) => path === entry || path.startsWith(`${entry}/`);
  return (
    files.some((f) => !f.startsWith('!') && covers(f)) &&
    !files.some((f) => f.startsWith('!') && covers(f.slice(1)))
  );
}

describe('@kali/transport-tcp is publishable', () => {
  it('is not private, is licensed and builds itself before packing', () => {
    assert.notEqual(manifest.private, true);
    assert.equal(manifest.license, 'MIT');
    assert.match(manifest.scripts?.prepack ?? '', /\btsc\b/);
  });

  it('packs dist', () => {
    assert.ok(manifest.files?.includes('dist'), `files is ${JSON.stringify(manifest.files)}`);
  });

  it('has, in dist and in the tarball, the .js and .d.ts of every export', () => {
    const paths = [manifest.types, ...Object.values(manifest.exports).flatMap((e) => [e.types, e.default])];
    assert.ok(Object.keys(manifest.exports).length > 1, 'the layered-transport subpaths are exported');
    for (const path of paths) {
      assert.ok(path, 'every export names its types and its code');
      const file = relative(root, join(root, path));
      assert.match(file, /^dist\/.*\.(js|d\.ts)$/);
      assert.ok(existsSync(join(root, file)), `${file} is missing: run npm run build`);
      assert.ok(packed(file), `${file} is not in files`);
    }
  });

  it('does not depend on kali: `kali plugins install` brings it next to a kali of its own', () => {
    assert.equal(manifest.peerDependencies?.kali, undefined);
    assert.equal(manifest.dependencies?.kali, undefined);
  });
});
