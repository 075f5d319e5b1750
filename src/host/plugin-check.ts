import { PluginFailure } from '../errors/index.js';

/**
 * Runs a plugin's check() hook before the run. A refusal the plugin meant (an error with an
 * exitCode: `kali.error`, `ctx.fail`) keeps its own line and status; anything else is a bug in the
 * plugin, and the line names it: a bare "kali: x is not a function" leaves a user with several
 * plugins installed guessing which one broke.
 */
export async function runCheck(label: string, check: () => unknown): Promise<void> {
  try {
    await check();
  } catch (err) {
    throw new PluginFailure(label, 'check', err);
  }
}
