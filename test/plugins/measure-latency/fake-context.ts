import type {
  ContentArg,
  MeasurementContext,
  MeasurementPlugin,
  MessageTemplate,
  Observer,
  RequestTracker,
} from 'kali';
import { StreamSearch } from '../../../src/engine/worker/stream-search.js';

/** What a measurement did through its context, for assertions. */
export interface Recorded {
  samples: number[];
  received: number;
  failures: { message: string; exitCode: number }[];
}

/** The fake's wall clock: monotonic µs + this (a 2023 date, as µs since the epoch). */
export const EPOCH_OFFSET_US = 1_700_000_000_000_000;

export interface FakeSetup {
  listenMode?: 'silent' | 'active';
  markerSkip?: number;
  /** `--latency-marker` text; its bytes are the static marker. */
  marker?: string;
}

/**
 * A MeasurementContext without a run: samples and counts land in arrays, and the byte search is
 * the host's real one, since what is under test is how a plugin uses hits, not how they are found.
 */
export function fakeContext(setup: FakeSetup = {}): { ctx: MeasurementContext; rec: Recorded } {
  const rec: Recorded = { samples: [], received: 0, failures: [] };
  const content: ContentArg[] =
    setup.marker === undefined ? [] : [{ option: 'latency-marker', value: setup.marker, unescape: false }];
  const config = {
    content,
    listenMode: setup.listenMode ?? 'silent',
    latency: { connect: true, firstByte: true, markerSkip: setup.markerSkip ?? 0, messageMarker: true },
  } as unknown as MeasurementContext['config'];
  const ctx: MeasurementContext = {
    config,
    options: {},
    worker: 0,
    log: () => {},
    record: (us) => rec.samples.push(us),
    countReceived: (n) => {
      rec.received += n;
    },
    compile: (arg): MessageTemplate => {
      const bytes = Buffer.from(arg.value);
      return { bytes, maxLength: bytes.length };
    },
    fail: (message, exitCode) => rec.failures.push({ message, exitCode }),
    toEpochMicros: (us) => EPOCH_OFFSET_US + us,
    createSearch: (needle) => new StreamSearch(needle),
    counter: () => ({ add: () => {} }),
    latency: () => ({ record: (us) => rec.samples.push(us) }),
  };
  return { ctx, rec };
}

/** One connection's observer and state, as the host would create them. */
/**
 * The engine's side of a connection's requests, reduced to counts: what a measurement that
 * recognises replies did with them.
 */
export class FakeRequests implements RequestTracker {
  outstanding = 0;
  completed = 0;
  discarded = 0;
  /** The engine sent `n` more messages (requests). */
  send(n: number): void {
    this.outstanding += n;
  }
  complete(): number {
    if (this.outstanding === 0) return -1;
    this.outstanding--;
    this.completed++;
    return 0;
  }
  completeSeq(): number {
    return this.complete();
  }
  discard(): void {
    if (this.outstanding === 0) return;
    this.outstanding--;
    this.discarded++;
  }
}

export function observe(
  plugin: MeasurementPlugin,
  ctx: MeasurementContext,
  side: 'client' | 'server' = 'client',
  now = 0,
  requests?: RequestTracker,
): { obs: Observer<unknown>; state: unknown } {
  const obs = plugin.create(ctx) as Observer<unknown>;
  return { obs, state: obs.attach(side, { uid: 1, ptr: 1 }, now, requests) };
}

export const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
