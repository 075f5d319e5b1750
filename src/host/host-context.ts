import type { RunConfig } from '../interfaces/config.js';
import type { HostContext } from '../interfaces/plugin.js';

/** The context every plugin hook receives; `log` is the host's stderr writer. */
export function hostContextFor(config: RunConfig, name: string, log: (line: string) => void): HostContext {
  return { config, options: config.pluginOptions[name] ?? {}, log };
}
