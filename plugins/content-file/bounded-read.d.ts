/**
 * The declarations of `src/bounded-read.ts`, kept by hand so that other built-in plugins (the
 * expression content and the TLS transport) can compile against them before this package is
 * built. test/plugins/content-file/bounded-read.test.ts checks that they match the source.
 */
export declare const MAX_FILE_BYTES: number;
export declare const STREAM_WAIT_MS: number;
export interface ReadLimits {
  maxBytes?: number;
  waitMs?: number;
}
export declare class FileLimitError extends Error {
  constructor(message: string);
}
export declare function readBounded(path: string, limits?: ReadLimits): Buffer;
export declare function describeReadError(e: unknown): string;
