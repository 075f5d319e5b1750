/** One message larger than this is a mistake in the pattern (`[a-z]{65535}` nested), not a load test. */
export const MAX_MESSAGE = 16 * 1024 * 1024;

/**
 * How deep `\{raw {raw {…}}}` and regular-expression groups may nest. Real patterns stay within a
 * handful of levels; the parsers recurse once per level, so without a limit a long enough value
 * overflows the stack instead of getting an answer.
 */
export const MAX_NESTING = 100;
