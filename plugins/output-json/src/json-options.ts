/** An Error carrying tcpkali's exit status, which the host reports as a one-line failure. */
export class JsonOptionError extends Error {
  readonly exitCode = 64;
}

export interface JsonOptions {
  /** A file path, or `-` for stdout. */
  file: string;
  /** Seconds between JSON Lines records; undefined for the final report only. */
  interval?: number;
}

const TIME = /^(\d+(?:\.\d*)?|\.\d+)(ms|s)?$/;

/** Reads `--plugin-option json.file=…` and `json.interval=…`. */
export function parseJsonOptions(options: Readonly<Record<string, string>>): JsonOptions {
  const file = options.file;
  if (file === undefined || file === '') {
    throw new JsonOptionError('--output json needs --plugin-option json.file=PATH');
  }
  const known = new Set(['file', 'interval']);
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      throw new JsonOptionError(`--plugin-option json.${key}: unknown option (file, interval)`);
  }
  if (options.interval === undefined) return { file };
  return { file, interval: parseInterval(options.interval) };
}

/** Seconds from `2`, `1.5s` or `250ms`. */
export function parseInterval(text: string): number {
  const m = TIME.exec(text.trim());
  const seconds = m ? Number(m[1]) / (m[2] === 'ms' ? 1000 : 1) : Number.NaN;
  if (!(seconds > 0)) {
    throw new JsonOptionError(
      `--plugin-option json.interval=${text}: expected a positive time such as 1s, 0.5 or 250ms`,
    );
  }
  return seconds;
}
