import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { PluginKind } from '../interfaces/plugin.js';
import { API_VERSION } from '../registry/kali-api.js';
import { PLUGIN_KINDS } from '../registry/read-manifest.js';
import { copyKaliTypes } from './kali-types.js';
import { EX_CANTCREAT, EX_SOFTWARE, EX_USAGE, ScaffoldError } from './scaffold-error.js';

/** Every kind has a template: `templates/<kind>`. */
export const SCAFFOLD_KINDS: readonly PluginKind[] = PLUGIN_KINDS;

/**
 * Capability names end up in `--transport NAME`, `--output NAME`, option names such as
 * `--NAME-label`, URL schemes (`NAME://`) and the npm name `kali-plugin-NAME`, so they must be
 * safe in all of them: no dots, no upper case or leading digits (npm), no stray hyphens.
 */
const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const NAME_MAX = 40;

/** Placeholders the template files carry; chosen so the templates still lint and parse. */
const NAME_TOKEN = '__PLUGIN_NAME__';
const API_TOKEN = '__KALI_API_VERSION__';

/** npm drops `.gitignore` from published packages, so the template stores it without the dot. */
const RENAMES: Record<string, string> = { gitignore: '.gitignore' };

/** Build output or installed modules in a template folder (someone built it in place) are not template. */
const SKIP = new Set(['dist', 'dist-test', 'node_modules', 'kali-types', 'package-lock.json']);

export interface ScaffoldRequest {
  kind: string;
  name: string;
  /** The folder that receives `kali-plugin-<name>`. */
  dir: string;
  /** The host's `templates/` folder. */
  templatesDir: string;
  /** The host package's root, whose type declarations the new plugin builds against. */
  hostRoot: string;
}

export interface ScaffoldResult {
  target: string;
  /** Paths relative to `target`, sorted. */
  files: string[];
}

/**
 * Copies `templates/<kind>` to `<dir>/kali-plugin-<name>` with the placeholders filled in, and
 * the host's plugin API declarations into its `kali-types/`.
 */
export async function scaffoldPlugin(req: ScaffoldRequest): Promise<ScaffoldResult> {
  if (!(SCAFFOLD_KINDS as readonly string[]).includes(req.kind)) {
    throw new ScaffoldError(
      `kali plugins new: unknown kind "${req.kind}" (expected one of ${SCAFFOLD_KINDS.join(', ')})`,
      EX_USAGE,
    );
  }
  if (!NAME_PATTERN.test(req.name) || req.name.length > NAME_MAX) {
    throw new ScaffoldError(
      `kali plugins new: bad name "${req.name}" (lower-case letters, digits and single hyphens, starting with a letter, at most ${NAME_MAX} characters)`,
      EX_USAGE,
    );
  }
  const source = join(req.templatesDir, req.kind);
  if (!(await isDirectory(source))) {
    throw new ScaffoldError(`kali plugins new: template folder ${source} is missing`, EX_SOFTWARE);
  }
  const target = resolve(req.dir, `kali-plugin-${req.name}`);
  await mkdir(dirname(target), { recursive: true });
  try {
    // Non-recursive on purpose: EEXIST is how an existing target (or a race) is detected.
    await mkdir(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'already exists' : `cannot be created (${code ?? String(err)})`;
    throw new ScaffoldError(`kali plugins new: ${target} ${why}; choose another name or --dir`, EX_CANTCREAT);
  }
  const files: string[] = [];
  await copyTree(source, target, '', files, { [NAME_TOKEN]: req.name, [API_TOKEN]: API_VERSION });
  files.push(...(await copyKaliTypes(req.hostRoot, target)));
  return { target, files: files.sort() };
}

async function copyTree(
  from: string,
  to: string,
  relative: string,
  files: string[],
  values: Record<string, string>,
): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const outName = RENAMES[entry.name] ?? entry.name;
    const rel = relative === '' ? outName : `${relative}/${outName}`;
    if (entry.isDirectory()) {
      await mkdir(join(to, outName));
      await copyTree(join(from, entry.name), join(to, outName), rel, files, values);
    } else if (entry.isFile()) {
      const text = await readFile(join(from, entry.name), 'utf8');
      await writeFile(join(to, outName), fill(text, values));
      files.push(rel);
    }
  }
}

function fill(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [token, value] of Object.entries(values)) out = out.split(token).join(value);
  return out;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
