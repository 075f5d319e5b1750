import type { ByteSearch } from '../../interfaces/measurement.js';

/**
 * Finds a byte string in a stream that arrives in chunks, including occurrences split across
 * chunks, without copying the stream. Inside a chunk the native Buffer.indexOf does the work;
 * only the seams between chunks go through a small prefix automaton (KMP), whose state — the
 * length of the needle's prefix seen at the end of the previous chunk — is one integer per
 * connection. Hits do not overlap: after a hit the search starts afresh.
 */
export class StreamSearch implements ByteSearch {
  readonly needle: Buffer;
  private readonly fail: Int32Array;
  /** Hits found by the last `feed`. */
  hits = 0;
  /** Offsets just past each hit of the last `feed`; grows (rarely) when a chunk holds more. */
  hitEnds = new Int32Array(64);

  constructor(needle: Uint8Array) {
    if (needle.length === 0) throw new Error('StreamSearch needs a non-empty needle');
    this.needle = Buffer.from(needle);
    this.fail = failureTable(this.needle);
  }

  /** Scans `chunk` given the state left by the previous chunk; returns the new state. */
  feed(state: number, data: Uint8Array): number {
    const chunk = data as Buffer;
    const n = this.needle;
    const len = n.length;
    this.hits = 0;
    let pos = 0;
    // The seam: finish (or abandon) a match that began in the previous chunk.
    while (state > 0 && pos < chunk.length) {
      state = this.step(state, chunk[pos++]);
      if (state === len) {
        this.hit(pos);
        state = 0;
      }
    }
    // Whole occurrences inside the chunk.
    for (;;) {
      const at = chunk.indexOf(n, pos);
      if (at < 0) break;
      pos = at + len;
      this.hit(pos);
    }
    // A prefix of the needle at the chunk's end carries over to the next chunk.
    for (let i = Math.max(pos, chunk.length - (len - 1)); i < chunk.length; i++) {
      state = this.step(state, chunk[i]);
    }
    return state;
  }

  private hit(end: number): void {
    if (this.hits === this.hitEnds.length) {
      const bigger = new Int32Array(this.hitEnds.length * 2);
      bigger.set(this.hitEnds);
      this.hitEnds = bigger;
    }
    this.hitEnds[this.hits++] = end;
  }

  private step(state: number, byte: number): number {
    const n = this.needle;
    while (state > 0 && n[state] !== byte) state = this.fail[state - 1];
    return n[state] === byte ? state + 1 : 0;
  }
}

/** fail[i]: length of the longest proper prefix of needle[0..i] that is also its suffix. */
function failureTable(n: Buffer): Int32Array {
  const fail = new Int32Array(n.length);
  let k = 0;
  for (let i = 1; i < n.length; i++) {
    while (k > 0 && n[i] !== n[k]) k = fail[k - 1];
    if (n[i] === n[k]) k++;
    fail[i] = k;
  }
  return fail;
}
