/**
 * Responses are counted per status class. The host prints one line per outcome in this order,
 * so success comes first and the rare final 1xx (101 Switching Protocols) last; index 0 is also
 * the host's default outcome.
 */
export const OUTCOMES = ['2xx', '3xx', '4xx', '5xx', '1xx'] as const;

/** Outcome index of each status class (status / 100); the parser only reports 1xx to 5xx. */
const OF_CLASS = [0, 4, 0, 1, 2, 3];

export function outcomeOf(status: number): number {
  return OF_CLASS[(status / 100) | 0];
}
