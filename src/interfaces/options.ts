import type { RunConfig } from './config.js';

/**
 * Command-line options that a plugin brings. The host parses them exactly like its own (long
 * names, unique prefixes, `--name=value`, kali's units), refuses bad values with one line naming
 * the option, lists them in `kali --help` under the plugin, and hands the parsed values to the
 * plugin as `ctx.options`.
 */

/**
 * How a value is read. Units are kali's (tcpkali's): `count` takes `k`/`m` suffixes (`10k`),
 * `size` bytes with `k`/`M`/`G` (`64k`), `bandwidth` bits per second (`10Mbps`), `duration`
 * seconds with `ms`/`s`/`m`/`h` (`1.5s`, `250ms`); `flag` takes no value (or `=on`/`=off`).
 */
export type OptionType =
  | 'flag'
  | 'string'
  | 'integer'
  | 'number'
  | 'count'
  | 'size'
  | 'bandwidth'
  | 'duration'
  | 'enum';

/** A parsed value: numbers already in base units (bytes, bits per second, seconds). */
export type OptionValue = string | number | boolean;

export interface OptionDeclaration {
  /** Long name without dashes, e.g. `redis-db`. Unique among kali's and every plugin's options. */
  name: string;
  type: OptionType;
  /** One line for `kali --help`. */
  description: string;
  /** Used when the option is absent; absent and no default leaves `ctx.options[name]` undefined. */
  default?: OptionValue;
  /** May be given several times; the value is then an array in command-line order. */
  repeatable?: boolean;
  /** The accepted words of an `enum`. */
  choices?: readonly string[];
  /** Placeholder in help, e.g. `HOST`. */
  valueName?: string;
  /**
   * Inclusive bounds of a numeric value, in base units. Outside them, or when the text is not a
   * number at all (as tcpkali words it): `--name=text is not in [min..max]`.
   */
  min?: number;
  max?: number;
  /**
   * For what depends on the rest of the command line (`--duration`, say, or another of the
   * plugin's options): called once the whole line is read, for an option given on it, with its
   * value and the run's configuration (`config.pluginOptions` already holds every plugin's
   * values). Return one line to refuse the run with exit status 64. Runs in the main thread
   * only, before anything is printed.
   */
  check?(value: OptionValue | readonly OptionValue[], config: Readonly<RunConfig>): string | undefined;
}

/** What `ctx.options` holds: the plugin's own declared options, by name. */
export type OptionValues = Readonly<Record<string, OptionValue | readonly OptionValue[] | undefined>>;
