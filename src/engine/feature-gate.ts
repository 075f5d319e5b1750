import { UsageFailure } from '../host/failure.js';
import type { RunConfig } from '../interfaces/config.js';

/**
 * Options the command line understands but this engine cannot honour yet. Each is refused with
 * a clear message instead of being silently ignored; entries leave this list as they are built.
 */
const NOT_YET: readonly [string, (c: RunConfig) => boolean][] = [];

export function refuseUnsupported(config: RunConfig): void {
  for (const [option, used] of NOT_YET) {
    if (used(config)) throw new UsageFailure(`${option} is not supported yet by this version of kali`);
  }
}
