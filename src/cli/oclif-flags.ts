import type { Interfaces } from '@oclif/core';
// The subpath, not the package: a run loads this module, and '@oclif/core' itself also evaluates
// oclif's entry points and its Node version check with semver (~50 modules) that a run never uses.
import * as Flags from '@oclif/core/flags';
import { OPTIONS, type OptionSpec } from './option-table.js';

/**
 * The option table as oclif flag definitions, for the `run` command's `static flags` (its help,
 * the manifest and shell completion). Parsing itself is done by the getopt-compatible tokenizer:
 * oclif's parser cannot do `-vvv`, `-1`, unique prefixes or option-ordered `-e`. Plugins' options
 * are not here: static flags are fixed before any plugin is loaded, so `kali --help` (built from
 * the loaded plugins' declarations) is where they are listed.
 */

type AnyFlag = Interfaces.FlagInput[string];

function toFlag(spec: OptionSpec): AnyFlag {
  const common = {
    description: spec.help,
    // oclif's types only allow letters here; the tokenizer, not oclif, reads `-1`.
    ...(spec.short ? { char: spec.short as 'a' } : {}),
    ...(spec.long.length > 1 ? { aliases: spec.long.slice(1) } : {}),
    ...(spec.hidden ? { hidden: true } : {}),
  };
  if (spec.kind === 'none') return Flags.boolean(common);
  const options =
    spec.kind === 'on-off' ? ['on', 'off'] : spec.kind === 'listen-mode' ? ['silent', 'active'] : undefined;
  const stringFlag = { ...common, helpValue: spec.placeholder, ...(options ? { options } : {}) };
  // Non-greedy, or `-m a -m b host:1` would swallow the destination as a third message.
  if (spec.repeatable) return Flags.string({ ...stringFlag, multiple: true, multipleNonGreedy: true });
  return Flags.string(stringFlag);
}

/**
 * Keyed by the long name. Short-only options (`-h`) are left out: oclif would advertise them as
 * long flags (`--short-help`) that kali's parser, like tcpkali's, does not accept.
 */
export const runFlags: Interfaces.FlagInput = Object.fromEntries(
  OPTIONS.filter((s) => s.id !== 'help' && s.id !== 'version' && s.long.length > 0).map((spec) => [
    spec.long[0],
    toFlag(spec),
  ]),
);
