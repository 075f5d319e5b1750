import { formatFixed } from './c-number.js';

const KiB = 1024;
const MiB = 1024 * 1024;

/** tcpkali's byte count: bytes below 2 KiB, KiB below 512 KiB, MiB above (never GiB). */
export function formatBytes(n: number): string {
  if (n < 2048) return `${n} bytes`;
  if (n < 512 * KiB) return `${formatFixed(n / KiB, 1)} KiB`;
  return `${formatFixed(n / MiB, 1)} MiB`;
}
