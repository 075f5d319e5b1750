/**
 * The known name closest to a mistyped one, or undefined when none is close enough to be what
 * was meant. Distance counts insertions, deletions, substitutions and swaps of neighbours
 * (`--conections`, `--druation`); the allowance grows with the length of the typed name, so
 * short guesses (`--foo`) get no far-fetched answer. Ties go to the earlier name.
 */
export function closestName(typed: string, names: Iterable<string>): string | undefined {
  const allowance = Math.min(3, Math.max(1, Math.floor(typed.length / 4)));
  let best: string | undefined;
  let bestDistance = allowance + 1;
  for (const name of names) {
    const d = editDistance(typed, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      }
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}
