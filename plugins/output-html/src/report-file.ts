import { closeSync, existsSync, openSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * Opens the report's path for writing, at once, so that a path kali cannot write stops the run
 * before it starts rather than after minutes of load. Appending leaves a previous report in
 * place until the new one is written. Throws the file system's error.
 *
 * Returns a way to undo it: a run that ends without a result leaves no empty file behind that
 * it created itself.
 */
export function claimReportFile(path: string): { release(): void } {
  const existed = existsSync(path);
  closeSync(openSync(path, 'a'));
  return {
    release: () => {
      if (existed) return;
      try {
        unlinkSync(path);
      } catch {
        // Already gone, or never ours to remove: either way nothing is left to clean.
      }
    },
  };
}

/** The whole page in one write. Throws the file system's error. */
export function writeReportFile(path: string, html: string): void {
  writeFileSync(path, html);
}
