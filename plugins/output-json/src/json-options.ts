import type { OptionDeclaration, OptionValue, OptionValues, RunConfig } from 'kali';
import { EXIT_USAGE, JsonOutputError } from './json-error.js';

/** This output's name, under which the host keeps its option values. */
export const JSON_PLUGIN = 'json';

/** Seconds between partial documents when `--json-interval` is not given. */
export const DEFAULT_INTERVAL = 1;

/** `--json` turns the output on; `--output json` alone is refused for want of a file. */
export const JSON_OPTIONS: readonly OptionDeclaration[] = [
  {
    name: 'json',
    type: 'string',
    valueName: 'FILE',
    description: 'Write the result document (JSON) to FILE, kept current during the run (-: stdout)',
    check: fileProblem,
  },
  {
    name: 'json-interval',
    type: 'duration',
    valueName: 'T',
    default: DEFAULT_INTERVAL,
    description: 'Record an interval every T, and rewrite FILE with the run so far as often',
    check: intervalProblem,
  },
];

function fileProblem(value: OptionValue | readonly OptionValue[]): string | undefined {
  return value === '' ? '--json: expected a file name, or - for stdout' : undefined;
}

function intervalProblem(
  value: OptionValue | readonly OptionValue[],
  config: Readonly<RunConfig>,
): string | undefined {
  if (!((value as number) > 0)) return `--json-interval=${value}s: Expected a positive time`;
  // The default applies with --json only; given alone, the option would silently do nothing.
  if (config.pluginOptions[JSON_PLUGIN]?.json === undefined) return '--json-interval needs --json FILE';
  return undefined;
}

export interface JsonOptions {
  /** A file path, or `-` for stdout. */
  file: string;
  /** Seconds between interval records (and partial rewrites of the file). */
  interval: number;
}

export function jsonFile(options: OptionValues): string | undefined {
  const file = options.json;
  return typeof file === 'string' && file !== '' ? file : undefined;
}

export function jsonInterval(options: OptionValues): number {
  const interval = options['json-interval'];
  return typeof interval === 'number' && interval > 0 ? interval : DEFAULT_INTERVAL;
}

/** The parsed options; the file is required, also when the output was named with `--output json`. */
export function parseJsonOptions(options: OptionValues): JsonOptions {
  const file = jsonFile(options);
  if (file === undefined) throw new JsonOutputError('--output json needs --json FILE', EXIT_USAGE);
  return { file, interval: jsonInterval(options) };
}
