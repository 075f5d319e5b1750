import type { ConnectionCounters, TrafficCounters } from '../../interfaces/stats.js';

export function zeroTraffic(): TrafficCounters {
  return { bytesSent: 0, bytesRcvd: 0, writes: 0, reads: 0, msgsSent: 0, msgsRcvd: 0 };
}

export function zeroConnections(): ConnectionCounters {
  return {
    openIn: 0,
    openOut: 0,
    connecting: 0,
    initiated: 0,
    accepted: 0,
    failures: 0,
    timeouts: 0,
    closedByPeerIn: 0,
    closedByPeerOut: 0,
  };
}
