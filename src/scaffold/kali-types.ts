import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { EX_SOFTWARE, ScaffoldError } from './scaffold-error.js';

/** The folder, inside a new plugin package, that holds the host's type declarations. */
export const KALI_TYPES_DIR = 'kali-types';

/** Relative imports in declaration files: `from './interfaces/api.js'`. */
const RELATIVE_IMPORT = /\bfrom\s+'(\.{1,2}\/[^']+)'/g;

/**
 * Copies the declarations that `import type … from 'kali'` resolves to (the host package's
 * `types` entry and every file it imports) into `<target>/kali-types`, as a package named `kali`
 * that the plugin's `devDependencies` point at (`"kali": "file:kali-types"`).
 *
 * Why a copy rather than a registry range: kali is not on npm under that name (the `kali` there
 * is somebody else's package), so `npm install` of `"kali": "^0.1.0"` fetches the wrong package
 * or fails, and a `file:` path to the host is absolute and machine-specific. The copy keeps the
 * package buildable anywhere and publishable as generated, and it pins the types to the API
 * version the manifest declares. Returns the written paths, relative to `target`.
 */
export async function copyKaliTypes(hostRoot: string, target: string): Promise<string[]> {
  const host = JSON.parse(await readFile(join(hostRoot, 'package.json'), 'utf8')) as {
    version: string;
    types?: string;
  };
  const entry = posix.normalize(host.types ?? 'dist/index.d.ts');
  const written: string[] = [];
  const queue = [entry];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const file = queue.shift() as string;
    let text: string;
    try {
      text = await readFile(join(hostRoot, file), 'utf8');
    } catch {
      throw new ScaffoldError(
        `kali plugins new: ${join(hostRoot, file)} is missing; build kali first (npm run build)`,
        EX_SOFTWARE,
      );
    }
    const out = join(target, KALI_TYPES_DIR, file);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
    written.push(posix.join(KALI_TYPES_DIR, file));
    for (const [, spec] of text.matchAll(RELATIVE_IMPORT)) {
      const next = posix.join(posix.dirname(file), spec.replace(/\.js$/, '.d.ts'));
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  const pkg = {
    name: 'kali',
    version: host.version,
    description: `Type declarations of kali ${host.version}'s plugin API, copied by kali plugins new`,
    private: true,
    type: 'module',
    types: `./${entry}`,
    exports: { '.': { types: `./${entry}` } },
  };
  await writeFile(join(target, KALI_TYPES_DIR, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  written.push(posix.join(KALI_TYPES_DIR, 'package.json'));
  return written;
}
