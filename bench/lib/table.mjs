/** Plain aligned columns: the output is read in a terminal and pasted into docs/benchmarks.md. */
export function printTable(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(all[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of all.slice(1)) console.log(line(r));
}

export const gbits = (bytes, seconds) => (bytes * 8) / seconds / 1e9;

export function ratio(a, b) {
  return a === undefined || b === undefined || b === 0 ? 'n/a' : (a / b).toFixed(2);
}
