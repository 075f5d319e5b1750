import { UsageError } from '../errors/index.js';

/**
 * Number-with-unit values, read the way tcpkali reads them: a strtod number (sign, fraction,
 * exponent, hex) followed by nothing or by one suffix from a fixed, case-sensitive list. Unlike
 * tcpkali, anything else is refused instead of silently becoming -1.
 */
export type UnitKind = 'n' | 'size' | 'bandwidth' | 'time';

const MULTIPLIERS: Record<UnitKind, Readonly<Record<string, number>>> = {
  // N and Rate: decimal multipliers.
  n: { k: 1e3, m: 1e6 },
  // SizeBytes: binary multipliers.
  size: { k: 1024, m: 1048576 },
  // Bandwidth in bytes per second: lower-case `b` means bits.
  bandwidth: {
    bps: 1 / 8,
    kbps: 125,
    Kbps: 125,
    mbps: 125e3,
    Mbps: 125e3,
    gbps: 1.25e8,
    Gbps: 1.25e8,
    Bps: 1,
    kBps: 1e3,
    KBps: 1e3,
    mBps: 1e6,
    MBps: 1e6,
    gBps: 1e9,
    GBps: 1e9,
  },
  // Time in seconds.
  time: {
    ms: 0.001,
    millisecond: 0.001,
    milliseconds: 0.001,
    s: 1,
    second: 1,
    seconds: 1,
    m: 60,
    min: 60,
    minute: 60,
    minutes: 60,
    h: 3600,
    hr: 3600,
    hour: 3600,
    hours: 3600,
    d: 86400,
    day: 86400,
    days: 86400,
    y: 31536000,
    year: 31536000,
    years: 31536000,
  },
};

/** Short list of suffixes for error messages (the long spellings are accepted too). */
export const UNIT_HINT: Record<UnitKind, string> = {
  n: 'k, m',
  size: 'k, m',
  bandwidth: 'bps, kbps, Mbps, Gbps, Bps, kBps, MBps, GBps',
  time: 'ms, s, m, h, d, y',
};

export type ScanResult =
  | { ok: true; value: number; unit: string }
  | { ok: false; problem: 'not-a-number' | 'infinite' }
  | { ok: false; problem: 'unknown-unit'; unit: string };

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?/;
const NON_FINITE = /^[+-]?(?:inf(?:inity)?|nan)/i;

/** strtod: the longest number at the start of `text` (after blanks), or undefined. */
export function scanNumber(text: string): { value: number; rest: string } | undefined {
  const s = text.replace(/^[ \t\n\v\f\r]+/, '');
  const nonFinite = NON_FINITE.exec(s);
  if (nonFinite) return { value: Number.NaN, rest: s.slice(nonFinite[0].length) };
  const hex = HEX.exec(s);
  if (hex && (hex[2] !== '' || (hex[3] ?? '') !== '')) {
    const digits = hex[2] + (hex[3] ?? '');
    let value = digits === '' ? 0 : Number.parseInt(digits, 16) / 16 ** (hex[3] ?? '').length;
    if (hex[4] !== undefined) value *= 2 ** Number(hex[4]);
    return { value: hex[1] === '-' ? -value : value, rest: s.slice(hex[0].length) };
  }
  const dec = DECIMAL.exec(s);
  if (!dec) return undefined;
  return { value: Number(dec[0]), rest: s.slice(dec[0].length) };
}

export function scanQuantity(kind: UnitKind, text: string): ScanResult {
  const num = scanNumber(text);
  if (!num) return { ok: false, problem: 'not-a-number' };
  if (!Number.isFinite(num.value)) return { ok: false, problem: 'infinite' };
  if (num.rest === '') return { ok: true, value: num.value, unit: '' };
  const factor = MULTIPLIERS[kind][num.rest];
  if (factor === undefined) return { ok: false, problem: 'unknown-unit', unit: num.rest };
  const value = num.value * factor;
  if (!Number.isFinite(value)) return { ok: false, problem: 'infinite' };
  return { ok: true, value, unit: num.rest };
}

/** One line naming the option and the value, e.g. `--duration=5x: Unknown unit "x" (…)`. */
export function quantityError(kind: UnitKind, option: string, text: string, result: ScanResult): UsageError {
  const subject = `${option}=${text}`;
  if (result.ok) return new UsageError(`${subject}: Invalid value`);
  switch (result.problem) {
    case 'unknown-unit':
      return new UsageError(`${subject}: Unknown unit "${result.unit}" (expected ${UNIT_HINT[kind]})`);
    case 'infinite':
      return new UsageError(`${subject}: Infinite values are not accepted`);
    default:
      return new UsageError(`${subject}: Expected a number with an optional unit (${UNIT_HINT[kind]})`);
  }
}

/** Scan or throw the one-line error. `option` is the display name, e.g. `--duration`. */
export function parseQuantity(kind: UnitKind, option: string, text: string): number {
  const result = scanQuantity(kind, text);
  if (!result.ok) throw quantityError(kind, option, text, result);
  return result.value;
}

export const parseN = (option: string, text: string): number => parseQuantity('n', option, text);
export const parseRate = parseN;
export const parseSizeBytes = (option: string, text: string): number => parseQuantity('size', option, text);
/** Bytes per second. */
export const parseBandwidth = (option: string, text: string): number =>
  parseQuantity('bandwidth', option, text);
/** Seconds. */
export const parseTime = (option: string, text: string): number => parseQuantity('time', option, text);

/** C's `%g`: six significant digits, no trailing zeros; how tcpkali prints doubles. */
export function formatG(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  if (value === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [mant, e] = value.toExponential(5).split('e');
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, 5 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
