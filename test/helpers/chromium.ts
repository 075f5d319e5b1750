import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Headless Chromium for tests that check what a page really does once a browser ran its scripts.
 * A machine without it fails those tests, loudly: `bash .ci/install-peers.sh` installs it.
 */

const NAMES = ['chromium', 'chromium-browser'];

/** The browser's path; throws, naming the fix, when none is installed. */
export function chromiumBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here; keep looking.
      }
    }
  }
  throw new Error(
    `headless Chromium is needed to render the report, and neither ${NAMES.join(' nor ')} is on PATH: run bash .ci/install-peers.sh`,
  );
}

/**
 * Runs the browser on a local file with a profile of its own (removed afterwards), so that
 * parallel tests and a user's browser never share state. Virtual time lets the page's scripts
 * and timers run to completion without waiting for them in real time.
 */
async function runChromium(extra: string[], file: string, timeoutMs: number): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'kali-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    '--virtual-time-budget=5000',
    `--user-data-dir=${profile}`,
    ...extra,
    pathToFileURL(file).href,
  ];
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(
        chromiumBinary(),
        args,
        { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`chromium ${args.join(' ')} failed: ${err.message}\n${stderr}`));
          else resolve(stdout);
        },
      );
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The page's DOM as serialised after its scripts ran (attributes they set included). */
export function renderedDom(file: string, timeoutMs = 60_000): Promise<string> {
  return runChromium(['--dump-dom'], file, timeoutMs);
}

/** A PNG of the page's first `height` pixels at the given window size. */
export async function screenshot(file: string, png: string, width: number, height: number): Promise<void> {
  await runChromium([`--screenshot=${png}`, `--window-size=${width},${height}`], file, 60_000);
}

/** The attributes of every start tag named `tag` in serialised HTML, in document order. */
export function startTags(html: string, tag: string): Record<string, string>[] {
  const tags: Record<string, string>[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))) {
    const attributes: Record<string, string> = {};
    for (const a of m[1].matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) attributes[a[1].toLowerCase()] = a[2] ?? '';
    tags.push(attributes);
  }
  return tags;
}
