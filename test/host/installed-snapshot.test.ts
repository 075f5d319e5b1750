import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { readSnapshot, snapshotPath, writeSnapshot } from '../../src/host/installed-snapshot.js';

const scratch: string[] = [];

/** A fake installation: a root package, two plugin packages and private XDG directories. */
function installation() {
  const dir = mkdtempSync(join(tmpdir(), 'kali-snapshot-'));
  scratch.push(dir);
  const root = join(dir, 'kali');
  const rootPjson = { name: 'kali', version: '9.8.7', oclif: { bin: 'kali', dirname: 'kali' } };
  const write = (path: string, value: unknown) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, JSON.stringify(value));
  };
  write(join(root, 'package.json'), rootPjson);
  const one = join(dir, 'one');
  const two = join(dir, 'two');
  write(join(one, 'package.json'), { name: 'one', kali: { apiVersion: '1.0', output: { a: './a.js' } } });
  write(join(two, 'package.json'), { name: 'two' });
  const dataDir = join(dir, 'data', 'kali');
  const loaded = {
    root,
    dataDir,
    version: '9.8.7',
    packages: [
      { name: 'one', root: one },
      { name: 'kali', root },
      { name: 'two', root: two },
    ],
    words: ['plugins', 'plugins:link', 'help'],
  };
  return { dir, root, one, two, dataDir, loaded, write };
}

describe('the memo of installed plugins', () => {
  const saved = { ...process.env };
  let cache: string;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'kali-cache-'));
    scratch.push(cache);
    process.env.XDG_CACHE_HOME = cache;
    delete process.env.KALI_CACHE_DIR;
  });
  afterEach(() => {
    process.env = { ...saved };
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives back the packages in the order written, each with its package.json read now', () => {
    const { root, one, loaded } = installation();
    writeSnapshot(loaded);
    assert.equal(readdirSync(join(cache, 'kali')).length, 1);
    const got = readSnapshot(root, '-T1s');
    assert.ok(got);
    assert.equal(got.version, '9.8.7');
    assert.deepEqual(
      got.packages.map((p) => [p.name, p.root]),
      loaded.packages.map((p) => [p.name, p.root]),
    );
    assert.deepEqual(got.packages[0]?.pjson, {
      name: 'one',
      kali: { apiVersion: '1.0', output: { a: './a.js' } },
    });
    assert.equal(got.packages[0]?.root, one);
  });

  it('is not used for a first word that is a command or a topic', () => {
    const { root, loaded } = installation();
    writeSnapshot(loaded);
    assert.equal(readSnapshot(root, 'plugins:link'), undefined);
    assert.equal(readSnapshot(root, 'plugins'), undefined);
    assert.ok(readSnapshot(root, '127.0.0.1:80'));
  });

  it('is stale once a package.json it read changes, even to the same size', () => {
    const { root, two, loaded } = installation();
    writeSnapshot(loaded);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(two, 'package.json'), later, later);
    assert.equal(readSnapshot(root, '-T1s'), undefined);
  });

  it('is stale once a file that was absent appears (a first `kali plugins link`)', () => {
    const { root, dataDir, loaded, write } = installation();
    writeSnapshot(loaded);
    write(join(dataDir, 'package.json'), { oclif: { plugins: [] } });
    assert.equal(readSnapshot(root, '-T1s'), undefined);
  });

  it('is stale when a package it names is gone', () => {
    const { root, one, loaded } = installation();
    writeSnapshot(loaded);
    rmSync(join(one, 'package.json'));
    assert.equal(readSnapshot(root, '-T1s'), undefined);
  });

  it('is stale when the environment that places the directories differs', () => {
    const { root, loaded } = installation();
    writeSnapshot(loaded);
    process.env.XDG_DATA_HOME = '/elsewhere';
    assert.equal(readSnapshot(root, '-T1s'), undefined);
    delete process.env.XDG_DATA_HOME;
    process.env.KALI_DEBUG = '1';
    assert.equal(readSnapshot(root, '-T1s'), undefined);
    delete process.env.KALI_DEBUG;
    assert.ok(readSnapshot(root, '-T1s'));
  });

  it('follows KALI_CACHE_DIR as oclif does, and is one file per installation', () => {
    const { root, loaded } = installation();
    const other = installation();
    process.env.KALI_CACHE_DIR = join(cache, 'scoped');
    writeSnapshot(loaded);
    writeSnapshot(other.loaded);
    assert.equal(readdirSync(join(cache, 'scoped')).length, 2);
    const where = snapshotPath(root, { name: 'kali', oclif: { bin: 'kali' } });
    assert.ok(where?.startsWith(join(cache, 'scoped')));
  });

  it('a damaged memo or an unwritable cache is never an error, only a slower start', () => {
    const { root, loaded } = installation();
    writeSnapshot(loaded);
    const where = snapshotPath(root, { name: 'kali', oclif: { bin: 'kali', dirname: 'kali' } });
    assert.ok(where);
    writeFileSync(where, '{"format": 1, "files"');
    assert.equal(readSnapshot(root, '-T1s'), undefined);
    // The cache "directory" is a file: writing fails quietly.
    const blocked = join(cache, 'blocked');
    writeFileSync(blocked, '');
    process.env.XDG_CACHE_HOME = blocked;
    assert.doesNotThrow(() => writeSnapshot(loaded));
    assert.equal(readSnapshot(root, '-T1s'), undefined);
  });
});
