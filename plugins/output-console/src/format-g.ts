import { formatExponential, formatFixed } from './c-number.js';

function stripZeros(digits: string): string {
  if (!digits.includes('.')) return digits;
  return digits.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * C's `%g` (default precision 6): `precision` significant digits, trailing zeros dropped, and
 * exponent notation only when the decimal exponent is below -4 or at least the precision.
 */
export function formatG(x: number, precision = 6): string {
  const p = precision === 0 ? 1 : precision;
  if (!Number.isFinite(x)) return formatFixed(x, 0);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = formatExponential(x, p - 1);
  const ePos = exp.indexOf('e');
  const exponent = Number(exp.slice(ePos + 1));
  if (exponent < -4 || exponent >= p) {
    return stripZeros(exp.slice(0, ePos)) + exp.slice(ePos);
  }
  return stripZeros(formatFixed(x, p - 1 - exponent));
}
