/** Numbers as the tables show them: grouped digits, and units scaled to stay readable. */

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return GROUPED.format(n);
}

export function formatRate(n: number): string {
  return ONE_DECIMAL.format(n);
}

/** Milliseconds with microsecond precision, the histograms' resolution. */
export function formatMs(ms: number): string {
  return ms >= 10_000 ? GROUPED.format(ms) : ms.toFixed(3);
}

/** Seconds as in kali's text report. */
export function formatSeconds(s: number): string {
  return s.toFixed(3);
}

const SI = ['', 'k', 'M', 'G', 'T'];

/** `12.3 Mbit/s`: decimal prefixes, as tcpkali prints bandwidth. */
export function formatSi(n: number, unit: string): string {
  let i = 0;
  while (Math.abs(n) >= 1000 && i < SI.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? formatRate(n) : n.toFixed(2)} ${SI[i]}${unit}`;
}
