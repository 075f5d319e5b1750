import type { RunConfig } from '../interfaces/config.js';

/**
 * The resolved configuration as JSON: every option after defaults and units. JSON has no
 * Infinity (unbounded -T, no channel lifetime), so those read null.
 */
export function configRecord(config: Readonly<RunConfig>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(config, (_key, value) => (value === Infinity ? null : value)));
}
