import { UsageError } from '../errors/index.js';

/** Further ahead than this is a mistake (milliseconds for seconds, the wrong day) more often than a plan. */
const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const UNIX_SECONDS = /^\d+(\.\d+)?$/;

/**
 * `--start-at TIME`: an RFC 3339 time or Unix seconds, as wall-clock milliseconds since the epoch.
 * Every segment of a load is given the same moment, so one that is already past (the segments
 * could not line up) or more than a day ahead is refused rather than waited for.
 */
export function parseStartAt(text: string, nowMs: number): number {
  const at = wallClockMs(text);
  if (at === undefined) {
    throw new UsageError(
      `--start-at=${text}: Expected an RFC 3339 time (2030-01-31T12:00:00Z) or Unix seconds`,
    );
  }
  const now = new Date(nowMs).toISOString();
  if (at <= nowMs) throw new UsageError(`--start-at=${text}: that moment has passed (it is now ${now})`);
  if (at - nowMs > MAX_AHEAD_MS) {
    throw new UsageError(`--start-at=${text}: more than a day ahead (it is now ${now})`);
  }
  return at;
}

function wallClockMs(text: string): number | undefined {
  if (UNIX_SECONDS.test(text)) return Number(text) * 1000;
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const fraction = m[7] ? Number(`0${m[7]}`) * 1000 : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March; a time that does not exist is a mistake.
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    back.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!m[8] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  return utc + fraction - offsetMinutes * 60_000;
}
