import type { FinalReport, LatencySummary } from 'kali';
import { formatBytes } from './byte-units.js';
import { formatFixed } from './c-number.js';
import { formatG } from './format-g.js';

const MSS = 1460;

/** Rate per second over `seconds`; a zero-length run reports zero instead of NaN or Infinity. */
function perSecond(amount: number, seconds: number): number {
  return seconds > 0 ? amount / seconds : 0;
}

function mbps(bytes: number, seconds: number): string {
  return formatFixed((perSecond(bytes, seconds) * 8) / 1e6, 3);
}

/** Segments per operation, from the integer average bytes per read or write. */
function segmentsPerOp(bytes: number, ops: number): number {
  if (ops <= 0) return 0;
  return Math.ceil(Math.floor(bytes / ops) / MSS);
}

export function latencyLine(latency: LatencySummary): string {
  const values = latency.percentiles.map((p) => formatFixed(p.ms, 1)).join('/');
  const labels = latency.percentiles.map((p) => p.label).join('/');
  return `${latency.title} at percentiles: ${values} ms (${labels}%)`;
}

/** The final summary exactly as tcpkali prints it on stdout, one string per line. */
export function summaryLines(report: FinalReport): string[] {
  const { traffic, duration: d } = report;
  const channels = Math.max(1, report.openConnections);
  const perChannel = perSecond(traffic.bytesSent + traffic.bytesRcvd, d) / channels;
  const mssIn = segmentsPerOp(traffic.bytesRcvd, traffic.reads);
  const mssOut = segmentsPerOp(traffic.bytesSent, traffic.writes);

  const lines = [
    `Total data sent:     ${formatBytes(traffic.bytesSent)} (${traffic.bytesSent} bytes)`,
    `Total data received: ${formatBytes(traffic.bytesRcvd)} (${traffic.bytesRcvd} bytes)`,
    `Bandwidth per channel: ${formatFixed((perChannel * 8) / 1e6, 3)}⇅ Mbps (${formatFixed(perChannel / 1000, 1)} kBps)`,
    `Aggregate bandwidth: ${mbps(traffic.bytesRcvd, d)}↓, ${mbps(traffic.bytesSent, d)}↑ Mbps`,
  ];
  if (report.messageMarkers) {
    const rcvd = formatFixed(perSecond(traffic.msgsRcvd, d), 3);
    const sent = formatFixed(perSecond(traffic.msgsSent, d), 3);
    lines.push(`Aggregate message rate: ${rcvd}↓, ${sent}↑ mps`);
  }
  const ppsIn = formatFixed(perSecond(mssIn * traffic.reads, d), 1);
  const ppsOut = formatFixed(perSecond(mssOut * traffic.writes, d), 1);
  lines.push(`Packet rate estimate: ${ppsIn}↓, ${ppsOut}↑ (${mssIn}↓, ${mssOut}↑ TCP MSS/op)`);
  for (const latency of report.latencies) lines.push(latencyLine(latency));
  lines.push(`Test duration: ${formatG(d)} s.`);
  return lines;
}
