import type { OptionDeclaration, OptionValue, OptionValues, RunConfig } from 'kali';

/** An Error carrying tcpkali's exit status, which the host reports as a one-line failure. */
export class JsonOptionError extends Error {
  readonly exitCode = 64;
}

/** This output's name, under which the host keeps its option values. */
export const JSON_PLUGIN = 'json';

/** `--json-file` turns the output on; `--output json` alone is refused for want of a file. */
export const JSON_OPTIONS: readonly OptionDeclaration[] = [
  {
    name: 'json-file',
    type: 'string',
    valueName: 'path',
    description: 'Write the results as JSON to this file (-: stdout, after the summary)',
  },
  {
    name: 'json-interval',
    type: 'duration',
    description: 'Also write a record every <Time> during the run (JSON Lines)',
    check: intervalProblem,
  },
];

function intervalProblem(
  value: OptionValue | readonly OptionValue[],
  config: Readonly<RunConfig>,
): string | undefined {
  if (!((value as number) > 0)) return `--json-interval=${value}s: Expected a positive time`;
  if (config.pluginOptions[JSON_PLUGIN]?.['json-file'] === undefined) {
    return '--json-interval needs --json-file PATH';
  }
  return undefined;
}

export interface JsonOptions {
  /** A file path, or `-` for stdout. */
  file: string;
  /** Seconds between JSON Lines records; undefined for the final report only. */
  interval?: number;
}

/** The parsed options; the file is required, also when the output was named with `--output json`. */
export function parseJsonOptions(options: OptionValues): JsonOptions {
  const file = options['json-file'];
  if (typeof file !== 'string' || file === '')
    throw new JsonOptionError('--output json needs --json-file PATH');
  const interval = options['json-interval'];
  return typeof interval === 'number' ? { file, interval } : { file };
}
