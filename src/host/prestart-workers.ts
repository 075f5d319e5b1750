import { availableParallelism } from 'node:os';
import { parseCommandLine } from '../cli/parse-command-line.js';
import { prestartPool } from '../engine/worker-pool.js';

/**
 * Starts the run's worker threads before oclif and the plugins load, when the command line read
 * with kali's own options alone says how many there will be. One with a plugin's option (`--json`)
 * cannot be read yet; the run starts its threads itself then, as it does for any mistake, which
 * the run command reports once it reads the command line for real.
 */
export async function prestartWorkers(argv: string[]): Promise<void> {
  try {
    const parsed = await parseCommandLine(argv, { cpus: availableParallelism() });
    if (parsed.action === 'run') prestartPool(parsed.config.workers);
  } catch {
    // Left to the run command, as said above.
  }
}
