import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { InstalledPackage } from '../registry/read-manifest.js';

/**
 * A memo of what oclif's `Config.load` finds, so that a load run can start without loading oclif
 * (its import and plugin scan are ~130 ms of a 0.1 s run's ~450): which packages are installed, in
 * kali's order, and which first words are commands rather than destinations. oclif stays the only
 * judge of what is installed: the memo is written from its answer, and used only while every file
 * that answer came from is unchanged (same size and modification time, present or absent as it
 * was) and the environment that places kali's directories is the same. Anything else — a plugin
 * installed, linked or rebuilt, another data directory, a warning while oclif loaded — sends the
 * run down oclif's path, which writes a fresh memo.
 */
export interface InstalledSnapshot {
  format: typeof FORMAT;
  /** The root package's version, for `--version` inside a run's command line. */
  version: string;
  /** The environment variables oclif reads to find its directories and plugins, as they were. */
  env: Record<string, string>;
  /** Package name and directory, in the order runs rank them (installed-in-order.ts). */
  packages: { name: string; root: string }[];
  /** Command ids and topics: a first argument equal to one of them is a command, not a load. */
  words: string[];
  /** Every file the answer depends on, with what it looked like then; `null` for absent. */
  files: Record<string, FileStamp | null>;
}

interface FileStamp {
  size: number;
  mtimeMs: number;
}

const FORMAT = 1;

/** What bin/run.js needs to start a load without oclif. */
export interface SnapshotForRun {
  packages: InstalledPackage[];
  version: string;
}

/** What the writer reads from oclif's loaded config (a narrow view, so tests can supply one). */
export interface LoadedConfig {
  root: string;
  dataDir: string;
  version: string;
  packages: readonly { name: string; root: string }[];
  words: Iterable<string>;
}

/**
 * The packages a load run would get from oclif, or undefined when the memo is missing, stale,
 * unreadable or when `first` names a command.
 */
export function readSnapshot(root: string, first: string): SnapshotForRun | undefined {
  try {
    const rootPjson = readJson(join(root, 'package.json'));
    const where = snapshotPath(root, rootPjson);
    if (where === undefined) return undefined;
    const snapshot = readJson(where) as InstalledSnapshot;
    if (snapshot.format !== FORMAT || snapshot.words.includes(first)) return undefined;
    if (!sameEnv(snapshot.env, relevantEnv(binOf(rootPjson)))) return undefined;
    for (const [path, stamp] of Object.entries(snapshot.files)) {
      if (!sameStamp(stampOf(path), stamp)) return undefined;
    }
    const packages = snapshot.packages.map(
      ({ name, root: dir }): InstalledPackage => ({
        name,
        root: dir,
        pjson: (dir === root ? rootPjson : readJson(join(dir, 'package.json'))) as InstalledPackage['pjson'],
      }),
    );
    return { packages, version: snapshot.version };
  } catch {
    // Any doubt means oclif's path: the memo only ever saves time.
    return undefined;
  }
}

/** Records oclif's answer for the next run; a cache that cannot be written is no error. */
export function writeSnapshot(config: LoadedConfig): void {
  try {
    const rootPjson = readJson(join(config.root, 'package.json'));
    const where = snapshotPath(config.root, rootPjson);
    if (where === undefined) return;
    const watched = [
      join(config.root, 'package.json'),
      // A rebuilt kali may have new commands: the manifest and the compiled tree say so.
      join(config.root, 'oclif.manifest.json'),
      join(config.root, 'dist', '.tsbuildinfo'),
      // Where `kali plugins install` and `link` record what they added.
      join(config.dataDir, 'package.json'),
      ...config.packages.map((p) => join(p.root, 'package.json')),
    ];
    const files: InstalledSnapshot['files'] = {};
    for (const path of watched) files[path] = stampOf(path);
    const snapshot: InstalledSnapshot = {
      format: FORMAT,
      version: config.version,
      env: relevantEnv(binOf(rootPjson)),
      packages: config.packages.map(({ name, root }) => ({ name, root })),
      words: [...new Set(config.words)],
      files,
    };
    mkdirSync(join(where, '..'), { recursive: true });
    // Written aside and renamed, so that runs starting together never read half a file.
    const aside = `${where}.${process.pid}.tmp`;
    writeFileSync(aside, `${JSON.stringify(snapshot)}\n`);
    renameSync(aside, where);
  } catch {
    // Read-only or missing cache directory: every run takes oclif's path, as before.
  }
}

/**
 * The memo's file: in kali's cache directory as oclif would place it (`<BIN>_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/<dirname>`, else `~/.cache/<dirname>`), one per installation.
 */
export function snapshotPath(root: string, rootPjson: unknown): string | undefined {
  const oclif = (rootPjson as { oclif?: { bin?: string; dirname?: string } }).oclif;
  const name = (rootPjson as { name?: string }).name;
  const dirname = oclif?.dirname ?? name;
  if (typeof dirname !== 'string') return undefined;
  const scoped = process.env[`${envPrefix(binOf(rootPjson))}CACHE_DIR`];
  const base = scoped || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), dirname);
  const id = createHash('sha256').update(root).digest('hex').slice(0, 16);
  return join(base, `installed-plugins-${id}.json`);
}

function binOf(rootPjson: unknown): string {
  const p = rootPjson as { oclif?: { bin?: string }; name?: string };
  return p.oclif?.bin ?? p.name ?? '';
}

/** oclif's scoped variables (`KALI_DATA_DIR`, `KALI_DEBUG`, …) are `<BIN>_` followed by a word. */
function envPrefix(bin: string): string {
  return `${bin.replaceAll('@', '').replaceAll(/[/-]/g, '_').toUpperCase()}_`;
}

/** Everything that moves oclif's directories or changes what it loads or prints. */
function relevantEnv(bin: string): Record<string, string> {
  const prefix = envPrefix(bin);
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (
      key.startsWith(prefix) ||
      key.startsWith('XDG_') ||
      key.startsWith('OCLIF_') ||
      key === 'HOME' ||
      key === 'NODE_ENV' ||
      key === 'DEBUG'
    ) {
      picked[key] = value;
    }
  }
  return picked;
}

function sameEnv(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function stampOf(path: string): FileStamp | null {
  const st = statSync(path, { throwIfNoEntry: false });
  return st === undefined ? null : { size: st.size, mtimeMs: st.mtimeMs };
}

function sameStamp(now: FileStamp | null, then: FileStamp | null): boolean {
  if (now === null || then === null) return now === then;
  return now.size === then.size && now.mtimeMs === then.mtimeMs;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
