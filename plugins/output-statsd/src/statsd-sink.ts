import StatsDClient, { type StatsD } from 'hot-shots';
import type { Metric } from './metric-set.js';

/** tcpkali never sends a datagram larger than this; some networks drop bigger UDP packets. */
export const MAX_DATAGRAM = 512;

/** The part of hot-shots this output uses; tests pass a mock client. */
export interface StatsdClient {
  increment(stat: string, value: number): void;
  gauge(stat: string, value: number): void;
  flush(): void;
  close(callback: (error?: Error) => void): void;
}

export interface SinkOptions {
  host: string;
  port: number;
  namespace: string;
  onError(error: Error): void;
}

export function hotShotsClient(o: SinkOptions, mock = false): StatsD {
  const client = new StatsDClient({
    host: o.host,
    port: o.port,
    prefix: o.namespace === '' ? '' : `${o.namespace}.`,
    maxBufferSize: MAX_DATAGRAM,
    // Each report is flushed explicitly; the timer is only a backstop.
    bufferFlushInterval: 1000,
    datadog: false,
    includeDatadogTelemetry: false,
    errorHandler: o.onError,
    mock,
  });
  // hot-shots appends DD_TAGS / DD_ENV / DD_SERVICE / DD_VERSION from the environment as
  // DogStatsD `|#tags`, which plain StatsD daemons count as bad lines.
  (client as unknown as { globalTags: string[] }).globalTags = [];
  return client;
}

/** Sends one report at a time, each starting a new datagram as tcpkali's do. */
export class StatsdSink {
  constructor(
    private readonly client: StatsdClient,
    private readonly onError: (error: Error) => void,
  ) {}

  send(metrics: readonly Metric[]): void {
    try {
      for (const m of metrics) {
        if (m.kind === 'c') this.client.increment(m.name, m.value);
        else this.client.gauge(m.name, m.value);
      }
      this.client.flush();
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Flushes and releases the socket; gives up after `timeoutMs` so a stuck send cannot hold the exit. */
  close(timeoutMs = 1000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      try {
        this.client.close((error) => {
          clearTimeout(timer);
          if (error) this.onError(error);
          resolve();
        });
      } catch (err) {
        clearTimeout(timer);
        this.onError(err instanceof Error ? err : new Error(String(err)));
        resolve();
      }
    });
  }
}
