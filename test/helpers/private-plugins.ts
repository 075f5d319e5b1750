import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explain, runKali } from './run-kali.js';

/**
 * Private XDG directories, so that plugins a test installs or links never touch the user's own
 * kali set-up (oclif keeps its plugin list under XDG_DATA_HOME/kali).
 */
export function privateXdg(): Record<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'kali-xdg-'));
  return {
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_CACHE_HOME: join(root, 'cache'),
  };
}

/** Links a plugin folder into a fresh private set-up; returns the environment that sees it. */
export async function linkPlugin(dir: string): Promise<Record<string, string>> {
  const env = privateXdg();
  const run = await runKali(['plugins', 'link', '--no-install', dir], { timeoutMs: 30_000, env });
  if (run.code !== 0) throw new Error(`linking ${dir} failed\n${explain(run)}`);
  return env;
}
