import type { Lexer } from './lexer.js';
import { MAX_NESTING } from './limits.js';
import { CharClass, Choice, type Generator, Literal, Repeat, Sequence } from './regex-generator.js';

/** tcpkali's limits: `*` and `+` repeat at most 16 times, a sequence or alternation has at most 16 members. */
export const UNBOUNDED_REPEAT = 16;
export const MAX_PIECES = 16;
export const MAX_ALTERNATIVES = 16;
/** kali's own limit for `{n,m}`, so that one message stays a reasonable size. */
export const MAX_COUNT = 65535;

const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const STAR = 0x2a;
const PLUS = 0x2b;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BAR = 0x7c;
const DASH = 0x2d;
const COMMA = 0x2c;

const CLASS_EXPECTED = 'a character, a range or "]"';

/**
 * Reads a `re` pattern from the lexer's position up to (not including) the `}` that closes the
 * expression. Whitespace between pattern characters is ignored, as in tcpkali.
 */
export function parseRegex(lx: Lexer): Generator {
  const node = alternation(lx, 0);
  const b = lx.peekByte();
  if (b === CLOSE_PAREN) lx.report.fail(lx.pos, 'unmatched ")" in regular expression');
  if (b < 0) lx.report.fail(lx.pos, 'unterminated regular expression', '"}"');
  return node;
}

/** `depth` counts the groups around this point: each one is a level of recursion. */
function alternation(lx: Lexer, depth: number): Generator {
  const options = [sequence(lx, depth)];
  while (lx.peekByte() === BAR) {
    const at = lx.pos++;
    options.push(sequence(lx, depth));
    if (options.length > MAX_ALTERNATIVES)
      lx.report.fail(at, `more than ${MAX_ALTERNATIVES} alternatives in regular expression`);
  }
  return options.length === 1 ? options[0] : new Choice(options);
}

function sequence(lx: Lexer, depth: number): Generator {
  const pieces: Generator[] = [];
  // Adjacent plain characters form one piece, as one string counts once against the limit.
  let run: number[] = [];
  const flush = () => {
    if (run.length > 0) pieces.push(new Literal(Uint8Array.from(run)));
    run = [];
  };
  for (;;) {
    lx.skipSpace();
    const start = lx.pos;
    const b = lx.peekByte();
    if (b < 0 || b === CLOSE_BRACE || b === BAR || b === CLOSE_PAREN) break;
    const node = atom(lx, depth);
    const repeated = quantifier(lx, node);
    if (repeated === node && node instanceof Literal) {
      run.push(...node.bytes);
      continue;
    }
    flush();
    pieces.push(repeated);
    if (pieces.length > MAX_PIECES)
      lx.report.fail(start, `more than ${MAX_PIECES} pieces in regular expression`);
  }
  flush();
  if (pieces.length > MAX_PIECES)
    lx.report.fail(lx.pos, `more than ${MAX_PIECES} pieces in regular expression`);
  if (pieces.length === 0) lx.report.fail(lx.pos, 'empty regular expression', 'a character, "[" or "("');
  return pieces.length === 1 ? pieces[0] : new Sequence(pieces);
}

/** A single character is returned as a one-byte Literal so that `sequence` can join runs. */
function atom(lx: Lexer, depth: number): Generator {
  const at = lx.pos;
  const b = lx.peekByte();
  if (b === OPEN_PAREN) {
    if (depth >= MAX_NESTING)
      lx.report.fail(at, `groups nested more than ${MAX_NESTING} deep in regular expression`);
    lx.pos++;
    const inner = alternation(lx, depth + 1);
    lx.skipSpace();
    if (lx.peekByte() !== CLOSE_PAREN) lx.report.fail(lx.pos, 'unclosed group in regular expression', '")"');
    lx.pos++;
    return inner;
  }
  if (b === OPEN_BRACKET) return charClass(lx);
  if (b === STAR || b === PLUS || b === QUESTION || b === OPEN_BRACE)
    lx.report.fail(at, `nothing to repeat before "${String.fromCharCode(b)}" in regular expression`);
  if (b === CLOSE_BRACKET) lx.report.fail(at, 'unexpected "]" in regular expression');
  lx.pos++;
  return new Literal(Uint8Array.of(b));
}

function quantifier(lx: Lexer, node: Generator): Generator {
  lx.skipSpace();
  switch (lx.peekByte()) {
    case STAR:
      lx.pos++;
      return new Repeat(node, 0, UNBOUNDED_REPEAT);
    case PLUS:
      lx.pos++;
      return new Repeat(node, 1, UNBOUNDED_REPEAT);
    case QUESTION:
      lx.pos++;
      return new Repeat(node, 0, 1);
    case OPEN_BRACE: {
      const at = lx.pos++;
      const low = count(lx);
      lx.skipSpace();
      let high = low;
      if (lx.peekByte() === COMMA) {
        lx.pos++;
        high = count(lx);
        lx.skipSpace();
      }
      if (lx.peekByte() !== CLOSE_BRACE) lx.report.fail(lx.pos, 'unterminated repeat count', '"," or "}"');
      lx.pos++;
      if (low > high) lx.report.fail(at, `repeat count {${low},${high}} has its minimum above its maximum`);
      return new Repeat(node, low, high);
    }
    default:
      return node;
  }
}

function count(lx: Lexer): number {
  lx.skipSpace();
  const at = lx.pos;
  let value = 0;
  while (lx.peekByte() >= 0x30 && lx.peekByte() <= 0x39) {
    value = value * 10 + lx.peekByte() - 0x30;
    lx.pos++;
    if (value > MAX_COUNT) lx.report.fail(at, `repeat count above ${MAX_COUNT}`);
  }
  if (lx.pos === at) lx.report.fail(at, 'missing repeat count', 'a whole number');
  return value;
}

/** `[abc]`, `[a-z0-9_]`: no negation and no escapes; a `-` first or last stands for itself. */
function charClass(lx: Lexer): Generator {
  const open = lx.pos++;
  const members = new Set<number>();
  const member = (): number => {
    lx.skipSpace();
    const b = lx.peekByte();
    if (b < 0 || b === OPEN_BRACE || b === CLOSE_BRACE || b === OPEN_BRACKET)
      lx.report.fail(lx.pos, 'unterminated character class', CLASS_EXPECTED);
    return b;
  };
  for (;;) {
    const low = member();
    if (low === CLOSE_BRACKET) {
      if (members.size === 0) lx.report.fail(open, 'empty character class');
      lx.pos++;
      break;
    }
    const lowAt = lx.pos++;
    lx.skipSpace();
    if (lx.peekByte() !== DASH || low === DASH) {
      members.add(low);
      continue;
    }
    lx.pos++;
    const high = member();
    if (high === CLOSE_BRACKET) {
      members.add(low).add(DASH);
      continue;
    }
    if (high < low) lx.report.fail(lowAt, 'character range out of order');
    lx.pos++;
    for (let c = low; c <= high; c++) members.add(c);
  }
  const sorted = Uint8Array.from([...members].sort((a, b) => a - b));
  return sorted.length === 1 ? new Literal(sorted) : new CharClass(sorted);
}
