/**
 * The namespace of a `--segment K/N` run gains `segment.<K>`: plain StatsD has no tags, and N
 * processes sending gauges under one name would overwrite each other's levels. Apart, each
 * segment has its own series and a dashboard adds them up for the whole load
 * (`sumSeries(tcpkali.segment.*.connections.total)`).
 */
export function segmentNamespace(namespace: string, segment: { index: number } | undefined): string {
  if (!segment) return namespace;
  return namespace === '' ? `segment.${segment.index}` : `${namespace}.segment.${segment.index}`;
}
