import { spawnSync } from 'node:child_process';

/**
 * The highest soft `nofile` limit a child shell can set for itself: 65535 when the hard limit
 * allows, else the hard limit. A shell is asked rather than guessed, because that shell is what
 * will raise the limit for the subject (`withNofile`).
 */
export function reachableNofile() {
  const result = spawnSync(
    'sh',
    ['-c', 'ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; ulimit -n; ulimit -Hn'],
    { encoding: 'utf8' },
  );
  const [soft, hard] = result.stdout.trim().split('\n');
  const parse = (v) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v));
  return { soft: parse(soft), hard: parse(hard) };
}

/** `cmd args` run through `sh`, which first raises its soft `nofile` limit to `limit`. */
export function withNofile(limit, cmd, args) {
  return ['sh', ['-c', `ulimit -n ${limit} && exec "$@"`, 'sh', cmd, ...args.map(String)]];
}
