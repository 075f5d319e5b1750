/**
 * A small, fast generator for random content. Cryptographic quality is not needed; speed and a
 * state that lives in four integer fields (no allocation per draw) are. The core is a 128-bit
 * xorshift, which passes the statistical tests that matter for picking characters.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Spread one seed over four words so that nearby seeds (uids 1, 2, 3…) start far apart.
    let s = seed | 0;
    s = mix(s + 0x6d2b79f5);
    this.a = s;
    s = mix(s + 0x6d2b79f5);
    this.b = s;
    s = mix(s + 0x6d2b79f5);
    this.c = s;
    s = mix(s + 0x6d2b79f5);
    this.d = s | 1;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  next(): number {
    let t = this.a ^ (this.a << 11);
    this.a = this.b;
    this.b = this.c;
    this.c = this.d;
    this.d = this.d ^ (this.d >>> 19) ^ t ^ (t >>> 8);
    t = this.d;
    return t >>> 0;
  }

  /** An integer in [0, n) for n ≤ 2^21; the bias of a multiply-shift is below 2^-11 then. */
  below(n: number): number {
    return Math.floor((this.next() * n) / 4294967296);
  }
}

/** A 32-bit avalanche step: every input bit affects every output bit. */
export function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) | 0;
}

/** Folds several numbers (seed, source hash, uid…) into one seed. */
export function combine(...parts: number[]): number {
  let h = 0x2545f491;
  for (const p of parts) {
    // Numbers may exceed 32 bits (uids, seeds): fold the high part in as well.
    const high = Math.floor(p / 4294967296) | 0;
    h = mix(h ^ (p | 0));
    h = mix(h ^ high);
  }
  return h;
}

/** FNV-1a over bytes: distinguishes sources so two arguments do not draw the same values. */
export function hashBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h | 0;
}
