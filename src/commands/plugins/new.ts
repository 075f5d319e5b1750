import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Args, Command, Flags } from '@oclif/core';
import type { PluginKind } from '../../interfaces/plugin.js';

export const PLUGIN_KINDS: readonly PluginKind[] = ['transport', 'content', 'measurement', 'output'];

/**
 * Capability names end up in `--transport NAME`, `--output NAME`, `--plugin-option NAME.key=v`
 * and the npm name `kali-plugin-NAME`, so they must be safe in all four: no dots (they split
 * plugin options), no upper case or leading digits (npm), no stray hyphens.
 */
const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const NAME_MAX = 40;

/** Placeholders the template files carry; chosen so the templates still lint and parse. */
const NAME_TOKEN = '__PLUGIN_NAME__';
const HOST_ROOT_TOKEN = '__KALI_ROOT__';

/** npm drops `.gitignore` from published packages, so the template stores it without the dot. */
const RENAMES: Record<string, string> = { gitignore: '.gitignore' };

/** Build output or installed modules in a template folder (someone built it in place) are not template. */
const SKIP = new Set(['dist', 'node_modules']);

/** sysexits: usage error, and "cannot create output" for an existing target. */
const EX_USAGE = 64;
const EX_SOFTWARE = 70;
const EX_CANTCREAT = 73;

export class ScaffoldError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ScaffoldError';
  }
}

export interface ScaffoldRequest {
  kind: string;
  name: string;
  /** The folder that receives `kali-plugin-<name>`. */
  dir: string;
  /** The host's `templates/` folder. */
  templatesDir: string;
  /** The host package's root, which the new plugin takes its types from. */
  hostRoot: string;
}

export interface ScaffoldResult {
  target: string;
  /** Paths relative to `target`, sorted. */
  files: string[];
}

/** Copies `templates/<kind>` to `<dir>/kali-plugin-<name>` with the placeholders filled in. */
export async function scaffoldPlugin(req: ScaffoldRequest): Promise<ScaffoldResult> {
  if (!(PLUGIN_KINDS as readonly string[]).includes(req.kind)) {
    throw new ScaffoldError(
      `kali plugins new: unknown kind "${req.kind}" (expected one of ${PLUGIN_KINDS.join(', ')})`,
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
  await copyTree(source, target, '', files, {
    [NAME_TOKEN]: req.name,
    [HOST_ROOT_TOKEN]: req.hostRoot,
  });
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
      await writeFile(join(to, outName), fill(text, values, entry.name.endsWith('.json')));
      files.push(rel);
    }
  }
}

function fill(text: string, values: Record<string, string>, json: boolean): string {
  let out = text;
  for (const [token, value] of Object.entries(values)) {
    // Inside JSON strings a path with a backslash or quote would break the file.
    const safe = json ? JSON.stringify(value).slice(1, -1) : value;
    out = out.split(token).join(safe);
  }
  return out;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export default class PluginsNew extends Command {
  static override summary = 'Create a new kali plugin package from a template.';
  static override description =
    `Copies a small, compiling plugin of the given kind (${PLUGIN_KINDS.join(', ')}) into DIR/kali-plugin-NAME. Build it with npm install && npm run build, then add it with "kali plugins link".`;
  static override args = {
    kind: Args.string({ description: `Plugin kind: ${PLUGIN_KINDS.join(', ')}`, required: true }),
    name: Args.string({
      description: 'Capability name, e.g. "influx" (used as --output influx)',
      required: true,
    }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Folder to create the plugin package in', default: '.' }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> output influx',
    '<%= config.bin %> <%= command.id %> transport quic --dir ~/src',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PluginsNew);
    let result: ScaffoldResult;
    try {
      result = await scaffoldPlugin({
        kind: args.kind,
        name: args.name,
        dir: flags.dir,
        templatesDir: join(this.config.root, 'templates'),
        hostRoot: this.config.root,
      });
    } catch (err) {
      if (!(err instanceof ScaffoldError)) throw err;
      process.stderr.write(`${err.message}\n`);
      this.exit(err.exitCode);
    }
    this.log(`Created ${args.kind} plugin "${args.name}" in ${result.target}`);
    this.log(`Next: cd ${result.target} && npm install && npm run build && kali plugins link --no-install .`);
  }
}
