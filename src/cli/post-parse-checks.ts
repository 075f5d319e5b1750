import { readFileSync } from 'node:fs';
import type { ContentOption, RunConfig } from '../interfaces/config.js';
import { formatG } from './units.js';

/**
 * Checks tcpkali makes after the command line is read, once destinations are known. They return
 * text instead of printing so that the run command decides where it goes and whether to stop.
 */

/**
 * Can `-c` connections be opened at `--connect-rate` within `-T`? Clearly not: an error. Not with
 * a comfortable margin (more than a tenth of -T spent ramping up): a warning.
 */
export function rampFeasibility(config: RunConfig): { warning?: string[]; error?: string[] } {
  if (config.destinations.length === 0 || config.connections <= 0) return {};
  const rampSeconds = config.connections / config.connectRate;
  const c = config.connections;
  const rate = formatG(config.connectRate);
  const duration = formatG(config.duration);
  const advice = `Decrease --connections=${c}, or increase --duration=${duration} or --connect-rate=${rate}.`;
  if (rampSeconds > config.duration) {
    return {
      error: [
        `${c} connections can not be opened at a rate ${rate} within test duration ${duration}.`,
        advice,
      ],
    };
  }
  if (rampSeconds > config.duration / 10) {
    return {
      warning: [
        `WARNING: ${c} connections might not be opened at a rate ${rate} within test duration ${duration}.`,
        advice,
      ],
    };
  }
  return {};
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Soft and hard `Max open files` from /proc/self/limits; `unlimited` reads as Infinity. */
function openFileLimits(text: string | undefined): { soft: number; hard: number } | undefined {
  const line = text?.split('\n').find((l) => l.startsWith('Max open files'));
  const fields = line?.slice('Max open files'.length).trim().split(/\s+/);
  if (!fields || fields.length < 2) return undefined;
  const num = (f: string): number => (f === 'unlimited' ? Number.POSITIVE_INFINITY : Number(f));
  return { soft: num(fields[0]), hard: num(fields[1]) };
}

/** Descriptors kali needs beyond one per connection: listeners, pipes, stdio, the event loop. */
const SPARE_DESCRIPTORS = 64;

/**
 * The system-limit warnings tcpkali prints before starting (case-55). The process can't raise its
 * own limit past the hard limit (Node already raises the soft limit to it), so the hard limit is
 * what tcpkali calls the system-wide limit.
 */
export function systemLimitWarnings(
  config: RunConfig,
  read: (path: string) => string | undefined = readProc,
): string[] {
  const warnings: string[] = [];
  const c = config.connections;
  const needed = c + SPARE_DESCRIPTORS;
  const limits = openFileLimits(read('/proc/self/limits'));
  if (limits && limits.hard < needed) {
    warnings.push(
      `WARNING: System-wide open files limit ${limits.hard} is too low for the expected scale (-c ${c}).`,
    );
  }
  if (limits && limits.soft < needed) {
    warnings.push(
      `WARNING: Open files limit (\`ulimit -n\`) ${limits.soft} is too low for the expected scale (-c ${c}).`,
    );
  }
  if (config.destinations.length === 0) return warnings;

  const rangePath = '/proc/sys/net/ipv4/ip_local_port_range';
  const range = read(rangePath)?.trim().split(/\s+/).map(Number);
  if (range && range.length === 2 && range.every(Number.isFinite) && range[1] - range[0] < c) {
    warnings.push(
      `WARNING: Will not be able to open ${c} simultaneous connections since "${rangePath}" specifies too narrow range [${range[0]}..${range[1]}].`,
    );
  }
  const reusePath = '/proc/sys/net/ipv4/tcp_tw_reuse';
  const reuse = read(reusePath)?.trim();
  if (c > 100 && reuse !== undefined && reuse !== '1') {
    warnings.push(
      `WARNING: Not reusing TIME_WAIT sockets, might not open ${c} simultaneous connections. Adjust "${reusePath}" value.`,
    );
  }
  return warnings;
}

/**
 * Checks on what is sent and measured. tcpkali makes them after printing the `Destination:` and
 * `Listen on:` lines, so the run command calls this at that point rather than while parsing.
 */
export function contentChecks(config: RunConfig): string | undefined {
  const has = (...options: ContentOption[]): boolean =>
    config.content.some((a) => options.includes(a.option));
  const marker = has('latency-marker');
  if (marker && !has('message', 'message-file')) {
    return '--latency-marker is given, but no messages are supposed to be sent. Specify --message?';
  }
  if (marker && config.destinations.length === 0) {
    return '--latency-marker is given, but no connections are supposed to be initiated. Specify <host:port>?';
  }
  // A protocol (a URL scheme) makes its own requests and recognises its replies.
  const protocolRun = config.destinations.some((d) => d.scheme !== undefined);
  if (config.messageRate.kind === 'latency' && !marker && !config.latency.messageMarker && !protocolRun) {
    return '--message-rate @<Latency> requires specifying --latency-marker or --message-marker as well.';
  }
  if (config.messageRate.kind !== 'unlimited' && !has('message', 'message-file') && !protocolRun) {
    return '--message-rate parameter makes no sense without --message or --message-file';
  }
  return undefined;
}
