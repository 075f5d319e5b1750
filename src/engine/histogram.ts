import { createRequire } from 'node:module';
import type * as Hdr from 'hdr-histogram-js';

export type Histogram = Hdr.Histogram;

/** One hour in microseconds: the range every latency histogram must cover at least. */
const ONE_HOUR_US = 3_600_000_000;

let lib: typeof Hdr | undefined;

/**
 * hdr-histogram-js is loaded on first use: its import (pako, the AssemblyScript loader, the
 * embedded WebAssembly) takes ~40 ms of every thread's start-up, and a run that measures no
 * latency never needs it. It is CommonJS, so a synchronous require keeps this API synchronous.
 */
function hdr(): typeof Hdr {
  lib ??= createRequire(import.meta.url)('hdr-histogram-js') as typeof Hdr;
  return lib;
}

/**
 * Microsecond resolution with 3 significant digits, auto-resizing past an hour. Workers record
 * with the WebAssembly implementation (about 45 ns a sample here against 200 ns in JS, which
 * matters at millions of messages a second; call `prepareRecording` once per thread first); the
 * main thread, which only merges, uses plain JS.
 */
export function newHistogram(options: { forRecording?: boolean } = {}): Histogram {
  return hdr().build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: ONE_HOUR_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: options.forRecording === true && wasmReady,
  });
}

let wasmReady = false;

/** Loads the WebAssembly histogram code in this thread; recording falls back to JS if it fails. */
export async function prepareRecording(): Promise<void> {
  try {
    await hdr().initWebAssembly();
    wasmReady = true;
  } catch {
    wasmReady = false;
  }
}

/** Compact form for crossing threads (a few KB whatever the sample count). */
export function encodeHistogram(h: Histogram): string {
  return hdr().encodeIntoCompressedBase64(h);
}

export function addEncoded(into: Histogram, encoded: string): void {
  into.add(hdr().decodeFromCompressedBase64(encoded, 32, false));
}
