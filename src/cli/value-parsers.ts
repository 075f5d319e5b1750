import { UsageError } from '../errors/index.js';
import type { Percentile } from '../interfaces/config.js';

/** `on`/`off` exactly; anything else is undefined so each option can word its own complaint. */
export function parseOnOff(text: string): boolean | undefined {
  if (text === 'on') return true;
  if (text === 'off') return false;
  return undefined;
}

/** A whole decimal number (optional sign), or undefined. */
export function parseWholeNumber(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

const PERCENTILE = /^(?:\d+(?:\.\d*)?|\.\d+)/;
/** tcpkali reads percentiles into a short fixed buffer; longer labels are refused. */
const MAX_PERCENTILE_CHARS = 7;

/** `--latency-percentiles 50,99.9/100`: values in 0..100, labels kept exactly as typed. */
export function parsePercentiles(text: string): Percentile[] {
  const fail = (why: string, piece = text): never => {
    throw new UsageError(`--latency-percentiles: ${piece}: Failed to parse: ${why}`);
  };
  const result: Percentile[] = [];
  let rest = text;
  for (;;) {
    const match = PERCENTILE.exec(rest);
    if (!match) fail('expected a number in [0..100]');
    const label = match![0];
    if (label.length > MAX_PERCENTILE_CHARS) fail(`too many characters in "${label}"`);
    const value = Number(label);
    if (value > 100) fail('bad latency percentile specification, expected range is [0..100]');
    result.push({ value, label });
    rest = rest.slice(label.length);
    if (rest === '') return result;
    if (rest[0] !== ',' && rest[0] !== '/') fail("invalid separator, use ',' or '/'");
    rest = rest.slice(1);
  }
}
