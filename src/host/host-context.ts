import type { RunConfig } from '../interfaces/config.js';
import type { HostContext } from '../interfaces/plugin.js';

/**
 * The context every plugin hook receives; `log` is the host's stderr writer. `options` is the
 * plugin's own record of `config.pluginOptions`, where the parser already applied the defaults,
 * so that workers, which get a copy of the configuration, see the same values as the main thread.
 */
export function hostContextFor(config: RunConfig, name: string, log: (line: string) => void): HostContext {
  return { config, options: config.pluginOptions[name] ?? {}, log };
}
