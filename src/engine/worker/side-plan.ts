import type { CompiledContent } from '../../content/compile-content.js';
import type { RunConfig } from '../../interfaces/config.js';
import type { MessageTemplate } from '../../interfaces/content.js';
import type { Protocol } from '../../interfaces/protocol.js';
import { INITIAL_RATE } from '../rate-search.js';
import { maxLengthOf } from './dynamic-messages.js';
import { StaticPayload } from './static-payload.js';

/** tcpkali lets a connection that fell behind catch up on at most this much of its schedule. */
const CATCH_UP_SECONDS = 2;

/**
 * How one side (outgoing or accepted connections) sends and reads, decided once per worker so
 * the per-connection code only reads fields.
 */
export interface SidePlan {
  /** Pre-built bytes when every message part is static, otherwise null. */
  payload: StaticPayload | null;
  /** Templates to bind per connection when some part is dynamic, otherwise null. */
  dynamic: DynamicSpec | null;
  hasFirst: boolean;
  /** Whether connections of this side write anything at all. */
  sends: boolean;
  /** bulk: as fast as the socket takes it; rate: whole messages per second; bandwidth: bytes per second. */
  mode: 'bulk' | 'rate' | 'bandwidth';
  /** Messages per second (rate) or bytes per second (bandwidth); the keyboard may scale it. */
  sendRate: number;
  /** Write-combining: due messages leave in one write. */
  combine: boolean;
  /** Downstream limit in bytes per second; 0 never reads; undefined reads freely. */
  readLimit?: number;
  burstSeconds: number;
  delaySendMs: number;
  /** Close each connection after this long (outgoing connections only). */
  lifetimeMs?: number;
  /** Every message is a request whose reply someone recognises (a protocol, --latency-marker). */
  tracksRequests: boolean;
  /** `--in-flight`: outstanding requests allowed per connection; Infinity without a limit. */
  inFlight: number;
  /** The protocol that encodes this side's requests and reads its replies (clients only). */
  protocol: Protocol | null;
}

export interface DynamicSpec {
  first: MessageTemplate[];
  unit: MessageTemplate[];
  firstMax: number;
  unitMax: number;
}

/**
 * `requests`: whether replies to this side's messages are recognised; `protocol`: the protocol
 * whose requests replace the content's messages.
 */
export function sidePlan(
  config: RunConfig,
  content: CompiledContent,
  side: 'client' | 'server',
  requests: { tracked: boolean; protocol: Protocol | null } = { tracked: false, protocol: null },
): SidePlan {
  const isStatic = [...content.first, ...content.message].every((t) => t.bytes !== undefined);
  const payload = isStatic ? new StaticPayload(content) : null;
  const dynamic: DynamicSpec | null = isStatic
    ? null
    : {
        first: content.first,
        unit: content.message,
        firstMax: maxLengthOf(content.first),
        unitMax: maxLengthOf(content.message),
      };
  const hasFirst = payload ? payload.first !== undefined : content.first.length > 0;
  const hasUnit = payload ? payload.bulk !== undefined : (dynamic as DynamicSpec).unitMax > 0;
  const sends = (hasFirst || hasUnit) && (side === 'client' || config.listenMode === 'active');
  let mode: SidePlan['mode'] = 'bulk';
  let sendRate = 0;
  if (config.messageRate.kind === 'fixed') {
    mode = 'rate';
    sendRate = config.messageRate.perSecond;
  } else if (config.messageRate.kind === 'latency') {
    // The rate search in the main thread adjusts this as it goes.
    mode = 'rate';
    sendRate = INITIAL_RATE;
  } else if (config.channelBandwidthUpstream !== undefined) {
    mode = 'bandwidth';
    sendRate = config.channelBandwidthUpstream;
  }
  return {
    payload,
    dynamic,
    hasFirst,
    sends,
    mode,
    sendRate,
    combine: config.writeCombine,
    readLimit: config.channelBandwidthDownstream,
    burstSeconds: CATCH_UP_SECONDS,
    delaySendMs: config.delaySend * 1000,
    lifetimeMs:
      side === 'client' && Number.isFinite(config.channelLifetime)
        ? config.channelLifetime * 1000
        : undefined,
    tracksRequests: requests.tracked && sends,
    inFlight: config.inFlight ?? Number.POSITIVE_INFINITY,
    protocol: requests.protocol,
  };
}
