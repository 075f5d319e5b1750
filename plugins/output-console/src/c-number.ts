/**
 * printf-compatible rounding. JavaScript's toFixed/toExponential round exact binary ties away
 * from zero while glibc rounds them to even, so `%.1f` of 0.25 would print 0.3 instead of 0.2.
 * Ties are rare but the summary must match tcpkali digit for digit, so they are detected exactly.
 */

const view = new DataView(new ArrayBuffer(8));

/** Whether |x| × 10^scale lies exactly halfway between two integers. */
function isExactTie(x: number, scale: number): boolean {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074;
  } else {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  // |x| × 10^scale as the fraction num/den, so the test involves no rounding at all.
  let num = mantissa;
  let den = 1n;
  if (exp2 >= 0) num <<= BigInt(exp2);
  else den <<= BigInt(-exp2);
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  const twice = 2n * num;
  return twice % den === 0n && (twice / den) % 2n === 1n;
}

/** An odd last digit after a tie means JavaScript rounded up; the even neighbour is one below. */
function evenLastDigit(text: string, digitIndex: number): string {
  const digit = text.charCodeAt(digitIndex) - 48;
  if (digit % 2 === 0) return text;
  return text.slice(0, digitIndex) + String(digit - 1) + text.slice(digitIndex + 1);
}

function nonFinite(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  return x < 0 ? '-inf' : 'inf';
}

/** C's `%.<digits>f`. */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  if (Math.abs(x) >= 1e21) {
    // toFixed switches to exponent notation here; such doubles are integers anyway.
    return BigInt(x).toString() + (digits > 0 ? `.${'0'.repeat(digits)}` : '');
  }
  const text = x.toFixed(digits);
  return isExactTie(x, digits) ? evenLastDigit(text, text.length - 1) : text;
}

/** C's `%.<digits>e` (exponent with at least two digits). */
export function formatExponential(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  let text = x.toExponential(digits);
  let ePos = text.indexOf('e');
  const exponent = Number(text.slice(ePos + 1));
  // A tie that carried into the next power of ten ended on an even digit already.
  const unroundedExponent = x === 0 ? 0 : Number(x.toExponential().split('e')[1]);
  if (exponent === unroundedExponent && isExactTie(x, digits - exponent)) {
    text = evenLastDigit(text, ePos - 1);
    ePos = text.indexOf('e');
  }
  const mantissa = text.slice(0, ePos);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
