import type { Generator } from './regex-generator.js';

/** What the parser makes of one content argument, in source order. */
export type Part =
  /** Literal text (already unescaped under `-e`) or the contents of a `\{<file>}`. */
  | { kind: 'text'; bytes: Uint8Array }
  /** `connection.uid` / `connection.ptr`, optionally reduced by `% N % M…`. */
  | { kind: 'counter'; which: 'uid' | 'ptr'; moduli: number[] }
  | { kind: 'marker' }
  | { kind: 'random'; scope: 'message' | 'connection' | 'global'; generator: Generator }
  /** Content that `--ws` must not wrap into text frames. */
  | { kind: 'raw'; parts: Part[] }
  /** An explicit `ws.*` frame; its payload is always known at compile time. */
  | { kind: 'frame'; first: number; payload: Uint8Array };
