import type { Random } from './random.js';

/**
 * Compiled `re` patterns. Each node writes one random match straight into the output buffer and
 * returns the position after it, so generating a message allocates nothing.
 */
export interface Generator {
  /** Shortest and longest possible output in bytes. */
  readonly min: number;
  readonly max: number;
  generate(out: Uint8Array, pos: number, random: Random): number;
}

export class Literal implements Generator {
  readonly min: number;
  readonly max: number;
  constructor(readonly bytes: Uint8Array) {
    this.min = this.max = bytes.length;
  }
  generate(out: Uint8Array, pos: number): number {
    const bytes = this.bytes;
    for (let i = 0; i < bytes.length; i++) out[pos++] = bytes[i];
    return pos;
  }
}

export class CharClass implements Generator {
  readonly min = 1;
  readonly max = 1;
  /** Each allowed byte once, so every member is equally likely whatever ranges overlapped. */
  constructor(readonly members: Uint8Array) {}
  generate(out: Uint8Array, pos: number, random: Random): number {
    out[pos] = this.members[random.below(this.members.length)];
    return pos + 1;
  }
}

export class Sequence implements Generator {
  readonly min: number;
  readonly max: number;
  constructor(readonly parts: readonly Generator[]) {
    this.min = parts.reduce((n, p) => n + p.min, 0);
    this.max = parts.reduce((n, p) => n + p.max, 0);
  }
  generate(out: Uint8Array, pos: number, random: Random): number {
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) pos = parts[i].generate(out, pos, random);
    return pos;
  }
}

export class Choice implements Generator {
  readonly min: number;
  readonly max: number;
  constructor(readonly options: readonly Generator[]) {
    this.min = Math.min(...options.map((o) => o.min));
    this.max = Math.max(...options.map((o) => o.max));
  }
  generate(out: Uint8Array, pos: number, random: Random): number {
    return this.options[random.below(this.options.length)].generate(out, pos, random);
  }
}

export class Repeat implements Generator {
  readonly min: number;
  readonly max: number;
  private readonly span: number;
  constructor(
    readonly node: Generator,
    readonly low: number,
    readonly high: number,
  ) {
    this.min = node.min * low;
    this.max = node.max * high;
    this.span = high - low + 1;
  }
  generate(out: Uint8Array, pos: number, random: Random): number {
    const count = this.span === 1 ? this.low : this.low + random.below(this.span);
    for (let i = 0; i < count; i++) pos = this.node.generate(out, pos, random);
    return pos;
  }
}
