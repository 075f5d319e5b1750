import { execFile } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * Builds a package made by `kali plugins new` without npm: links stand in for `npm install`
 * (kali → its own kali-types/, as npm links a `file:` dependency; TypeScript and Node's types
 * from kali's node_modules), which keeps tests offline and fast. Throws with tsc's output.
 */
export async function buildScaffold(target: string): Promise<void> {
  const modules = join(target, 'node_modules');
  await mkdir(join(modules, '@types'), { recursive: true });
  await symlink('../kali-types', join(modules, 'kali'), 'dir');
  await symlink(join(ROOT, 'node_modules', 'typescript'), join(modules, 'typescript'), 'dir');
  await symlink(join(ROOT, 'node_modules', '@types', 'node'), join(modules, '@types', 'node'), 'dir');
  for (const project of ['tsconfig.json', 'tsconfig.test.json']) {
    await run(process.execPath, [TSC, '-p', join(target, project)]).catch((e: { stdout: string }) => {
      throw new Error(`${target}: tsc -p ${project} failed:\n${e.stdout}`);
    });
  }
}

/** Runs the package's generated tests as its `npm test` does; returns node:test's report. */
export async function testScaffold(target: string): Promise<string> {
  // Inside a node:test run the child would otherwise report in the runner's own binary format.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'dist-test/'], {
    cwd: target,
    env,
  }).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
  return stdout;
}
