/**
 * The request target is the destination's path as typed, with its `\{…}` expressions: kali sends
 * what the user wrote and leaves percent-encoding to them. Bytes that would break the request
 * line are refused before the run.
 */
export function targetProblem(path: string): string | undefined {
  let i = 0;
  while (i < path.length) {
    if (path.startsWith('\\{', i)) {
      i = expressionEnd(path, i);
      continue;
    }
    const c = path.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f)
      return 'the path must be printable ASCII without spaces: percent-encode the rest (%20)';
    if (c === 0x23) return 'a fragment (#…) is not sent to servers: leave it out';
    i++;
  }
  return undefined;
}

/** Whether the path holds expressions, which the content plugins evaluate per request. */
export const hasExpressions = (path: string): boolean => path.includes('\\{');

/**
 * Where the expression starting at `start` (its backslash) ends: after the `}` that balances its
 * `{`. Only to skip it here; the content plugin reads it properly.
 */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}
