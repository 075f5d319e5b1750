import type { LiveStats } from 'kali';
import { formatFixed } from './c-number.js';
import { clockFace } from './clock-face.js';

/** Short tags of the built-in measurements, in the order tcpkali shows them. */
const TAGS: Record<string, string> = { connect: 'c', firstbyte: 'fb', message: 'm' };
const TAG_ORDER = Object.keys(TAGS);

export interface ProgressOptions {
  /** Prefix the clock face (UTF-8 locale). */
  clock: boolean;
  /** Names of the latency measurements that are on; unknown names are shown by their own name. */
  measurements: readonly string[];
  /** Append the target message rate (once `k`/`j` or the `-r @…` search changed it). */
  showRate?: boolean;
}

function orderMeasurements(names: readonly string[]): string[] {
  const known = TAG_ORDER.filter((name) => names.includes(name));
  const extra = names.filter((name) => !(name in TAGS));
  return [...known, ...new Set(extra)];
}

function latencyPart(stats: LiveStats, names: readonly string[]): string {
  const fields = names.map((name) => {
    const p95 = stats.latencyP95[name];
    const value = p95 === undefined || Number.isNaN(p95) ? '?' : formatFixed(p95, 1);
    return `${TAGS[name] ?? name}=${value} `;
  });
  return ` (${fields.join('')}ms⁹⁵ᵖ)`;
}

/** The steady-phase progress line, without the trailing clear-to-EOL and carriage return. */
export function progressLine(stats: LiveStats, options: ProgressOptions): string {
  const names = orderMeasurements(options.measurements);
  // With latencies on, the line would get too long for 80 columns, so tcpkali drops two words.
  const verbose = names.length === 0;
  const { conns } = stats;
  const clock = options.clock ? `${clockFace(stats.steadyElapsed, stats.duration)}  ` : '';
  const rateIn = formatFixed(stats.rateBitsIn / 1e6, 3);
  const rateOut = formatFixed(stats.rateBitsOut / 1e6, 3);
  const counts =
    `${verbose ? 'conns ' : ''}${conns.openIn}↓ ${conns.openOut}↑ ${conns.connecting}⇡; ` +
    `${verbose ? 'seen ' : ''}${conns.initiated + conns.accepted}`;
  let line = `${clock}Traffic ${rateIn}↓, ${rateOut}↑ Mbps (${counts})`;
  if (stats.messageMarkers) {
    line += ` (${formatFixed(stats.rateMsgsIn, 0)}↓ ${formatFixed(stats.rateMsgsOut, 0)}↑ mps)`;
  }
  if (names.length > 0) line += latencyPart(stats, names);
  if (options.showRate && stats.targetRate !== undefined) line += ` -r${formatFixed(stats.targetRate, 1)}`;
  return line;
}
