import { decodedView } from '../engine/histogram-view.js';
import type { MetricKind } from '../interfaces/metrics.js';
import type { RunResult } from '../interfaces/result.js';

/**
 * Names for single figures of a result, as `--threshold` (and `kali compare`) read them:
 *
 *     <latency metric>.{count,min,mean,stdev,max,pNN}     message.p99, connect.max  (ms)
 *     <counter metric>[.total|.rate]                      redis.errors, http.5xx.rate
 *     traffic.{bytes,msgs}.{in,out}[.rate]                traffic.msgs.in.rate
 *     traffic.bits.{in,out}.rate
 *     connections.{failed,timedout}                       connections.failed
 *     connections.{opened,closed_by_peer}.{in,out}
 */
export interface Figure {
  /** The name as typed. */
  name: string;
  /** `ms` for latencies, `1/s` for rates, empty for counts. */
  unit: '' | 'ms' | '1/s';
  /** Never decreases as a run goes on (a total, a maximum), so it can fail before the end. */
  growsOnly: boolean;
  read(result: RunResult): number | null;
}

const LATENCY_STATS = ['count', 'min', 'mean', 'stdev', 'max'] as const;

/** The figure `name` names among the run's metrics, or a sentence saying why it names none. */
export function resolveFigure(name: string, metrics: ReadonlyMap<string, MetricKind>): Figure | string {
  // Metric names may hold dots: the longest known prefix wins.
  const parts = name.split('.');
  for (let n = parts.length; n > 0; n--) {
    const metric = parts.slice(0, n).join('.');
    const kind = metrics.get(metric);
    if (kind === undefined) continue;
    const stat = parts.slice(n).join('.');
    return kind === 'latency' ? latencyFigure(name, metric, stat) : counterFigure(name, metric, stat);
  }
  if (parts[0] === 'traffic') return trafficFigure(name, parts.slice(1));
  if (parts[0] === 'connections') return connectionFigure(name, parts.slice(1));
  const known = [...metrics.keys()].join(', ');
  const has = known ? `its metrics are ${known}` : 'it records no plugin metric';
  return `the run has no metric "${parts[0]}" (${has}; traffic.* and connections.* are always there)`;
}

function latencyFigure(name: string, metric: string, stat: string): Figure | string {
  const latency = (result: RunResult) => {
    const m = result.metrics[metric];
    return m?.kind === 'latency' ? m : undefined;
  };
  if ((LATENCY_STATS as readonly string[]).includes(stat)) {
    const key = stat as (typeof LATENCY_STATS)[number];
    return {
      name,
      unit: key === 'count' ? '' : 'ms',
      growsOnly: key === 'count' || key === 'max',
      read: (r) => {
        const m = latency(r);
        return m === undefined || (m.count === 0 && key !== 'count') ? null : m[key];
      },
    };
  }
  const p = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  const value = p ? Number(p[1]) : Number.NaN;
  if (!(value >= 0 && value <= 100)) {
    return `"${stat || '(nothing)'}" is not a figure of latency metric ${metric}: use count, min, mean, stdev, max or a percentile such as p99`;
  }
  return {
    name,
    unit: 'ms',
    growsOnly: false,
    read: (r) => {
      const m = latency(r);
      if (m === undefined || m.count === 0) return null;
      return m.percentiles[p?.[1] as string] ?? decodedView(m.histogram).percentile(value) / 1000;
    },
  };
}

function counterFigure(name: string, metric: string, stat: string): Figure | string {
  if (stat !== '' && stat !== 'total' && stat !== 'rate') {
    return `"${stat}" is not a figure of counter ${metric}: use ${metric}, ${metric}.total or ${metric}.rate`;
  }
  const rate = stat === 'rate';
  return {
    name,
    unit: rate ? '1/s' : '',
    growsOnly: !rate,
    read: (r) => {
      const m = r.metrics[metric];
      if (m?.kind !== 'counter') return null;
      return rate ? m.perSecond : m.total;
    },
  };
}

function trafficFigure(name: string, rest: string[]): Figure | string {
  const [what, dir, rate] = rest;
  const inOut = dir === 'in' || dir === 'out';
  const ok =
    inOut &&
    rest.length <= 3 &&
    (rate === undefined || rate === 'rate') &&
    (what === 'bytes' || what === 'msgs' || (what === 'bits' && rate === 'rate'));
  if (!ok) return 'traffic figures are traffic.{bytes,msgs}.{in,out}[.rate] and traffic.bits.{in,out}.rate';
  const d = dir as 'in' | 'out';
  if (rate === 'rate') {
    return {
      name,
      unit: '1/s',
      growsOnly: false,
      read: (r) =>
        what === 'msgs' ? r.traffic.rates.messages[d] : r.traffic.rates.bits[d] / (what === 'bytes' ? 8 : 1),
    };
  }
  return {
    name,
    unit: '',
    growsOnly: true,
    read: (r) => (what === 'msgs' ? r.traffic.messages[d] : r.traffic.bytes[d]),
  };
}

function connectionFigure(name: string, rest: string[]): Figure | string {
  const [what, dir] = rest;
  if (rest.length === 1 && (what === 'failed' || what === 'timedout')) {
    return {
      name,
      unit: '',
      growsOnly: true,
      read: (r) => (what === 'failed' ? r.connections.failed.total : r.connections.failed.timedOut),
    };
  }
  if (
    rest.length === 2 &&
    (what === 'opened' || what === 'closed_by_peer') &&
    (dir === 'in' || dir === 'out')
  ) {
    return {
      name,
      unit: '',
      growsOnly: true,
      read: (r) => (what === 'opened' ? r.connections.opened[dir] : r.connections.closedByPeer[dir]),
    };
  }
  return 'connection figures are connections.failed, connections.timedout and connections.{opened,closed_by_peer}.{in,out}';
}
